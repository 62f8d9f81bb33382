package dev.skyport.dynamo.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.storage.ItemStore.StoredItem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Items kept encoded in chunks: what goes in comes out, garbage is reclaimed, readers never see a torn item. */
class ItemStoreTest {

    private static Map<String, AttributeValue> item(int id, int version, int padding) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.s("item-" + id));
        item.put("version", new AttributeValue.N(BigDecimal.valueOf(version)));
        item.put("payload", AttributeValue.s("x".repeat(padding)));
        item.put("tags", new AttributeValue.SS(java.util.Set.of("a", "b")));
        item.put("nested", new AttributeValue.M(Map.of("list", new AttributeValue.L(List.of(AttributeValue.Bool.TRUE,
                AttributeValue.Null.INSTANCE)))));
        return item;
    }

    @Test
    void itemsComeBackAsStoredAndReplacedOnesAsReplaced() {
        ItemStore store = new ItemStore();
        StoredItem first = store.add(item(1, 1, 10), 10);
        StoredItem second = store.add(item(2, 1, 500_000), 500_000);
        store.replace(first, item(1, 2, 20), 20);

        assertThat(first.item()).isEqualTo(item(1, 2, 20));
        assertThat(first.size()).isEqualTo(20);
        assertThat(second.item()).isEqualTo(item(2, 1, 500_000));
    }

    @Test
    void aRemovedItemReadsAsNullAndItsIdIsReused() {
        ItemStore store = new ItemStore();
        StoredItem gone = store.add(item(1, 1, 10), 10);
        store.remove(gone);
        StoredItem next = store.add(item(2, 1, 10), 10);

        assertThat(gone.item()).isNull();
        assertThat(next.item()).isEqualTo(item(2, 1, 10));
        assertThat(store.liveBytes()).isLessThan(200);
    }

    @Test
    void overwritesAreCompactedSoGarbageStaysUnderAThird() {
        ItemStore store = new ItemStore();
        List<StoredItem> handles = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            handles.add(store.add(item(i, 0, 1_000), 1_000));
        }
        SplittableRandom random = new SplittableRandom(7);
        int[] versions = new int[handles.size()];
        for (int n = 0; n < 50_000; n++) {
            int i = random.nextInt(handles.size());
            versions[i]++;
            store.replace(handles.get(i), item(i, versions[i], 1_000), 1_000);
            store.compact();
        }
        for (int i = 0; i < handles.size(); i++) {
            assertThat(handles.get(i).item()).isEqualTo(item(i, versions[i], 1_000));
        }
        // Garbage over a third starts a compaction; one chunk may be half done and the newest one is never compacted.
        assertThat(store.totalBytes()).isLessThan(store.liveBytes() * 3 / 2 + 3 * (1 << 20));
    }

    @Test
    void deletingEverythingGivesTheSpaceBack() {
        ItemStore store = new ItemStore();
        List<StoredItem> handles = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            handles.add(store.add(item(i, 0, 1_000), 1_000));
        }
        for (StoredItem handle : handles) {
            store.remove(handle);
            store.compact();
        }
        assertThat(store.liveBytes()).isZero();
        assertThat(store.totalBytes()).isLessThan(3L << 20);
    }

    @Test
    void readersRacingWritesAndCompactionSeeWholeItems() throws InterruptedException {
        ItemStore store = new ItemStore();
        int count = 500;
        List<StoredItem> handles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            handles.add(store.add(item(i, 0, 800), 800));
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            SplittableRandom random = new SplittableRandom(3);
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    int i = random.nextInt(count);
                    Map<String, AttributeValue> read = handles.get(i).item();
                    assertThat(read.get("pk")).isEqualTo(AttributeValue.s("item-" + i));
                    assertThat(read.get("payload")).isEqualTo(AttributeValue.s("x".repeat(800)));
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        SplittableRandom random = new SplittableRandom(5);
        for (int n = 0; n < 200_000 && failure.get() == null; n++) {
            int i = random.nextInt(count);
            store.replace(handles.get(i), item(i, n, 800), 800);
            store.compact();
        }
        reader.interrupt();
        reader.join();
        assertThat(failure.get()).isNull();
    }
}
