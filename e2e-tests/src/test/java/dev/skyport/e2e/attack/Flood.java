package dev.skyport.e2e.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import dev.skyport.testsupport.ApiClient;


/** Requests in parallel batches until one is throttled; the bound only keeps a missing limit from looping forever. */
final class Flood {

    private static final int BATCH = 32;
    private static final int ROUNDS = 50;

    /** What the flood saw: the first 429 (null if none within the bound) and every other answer's status. */
    record Outcome(ApiClient.Response throttled, List<Integer> others) {
    }

    private Flood() {
    }

    static Outcome until429(Supplier<ApiClient.Response> request) {
        AtomicReference<ApiClient.Response> throttled = new AtomicReference<>();
        List<Integer> others = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < ROUNDS && throttled.get() == null; round++) {
                List<CompletableFuture<Void>> batch = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    batch.add(CompletableFuture.runAsync(() -> {
                        ApiClient.Response response = request.get();
                        if (response.status() == 429) {
                            throttled.compareAndSet(null, response);
                        } else {
                            others.add(response.status());
                        }
                    }, clients));
                }
                CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
            }
        }
        return new Outcome(throttled.get(), List.copyOf(others));
    }
}
