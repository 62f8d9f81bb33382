// pace: a paced HTTP/1.1 load generator for latency below saturation (Debian's wrk can only saturate, and
// wrk2 is not packaged). Used by benchmarks/engine/bench.sh and benchmarks/gateway/run.sh; built by
// benchmarks/pace/pace.sh with the system C compiler.
//
//   pace PORT REQUESTS_FILE RATE CONNECTIONS WARMUP_S DURATION_S [LATENCY_FILE]
//
// REQUESTS_FILE holds complete HTTP/1.1 requests one after another (each ends after its head, or after
// Content-Length bytes of body). Connection i of N sends requests i, i+N, i+2N, ... round and round over
// one keep-alive connection to 127.0.0.1:PORT. Open model: request k of connection i is due at
// start + (k + i/N) * N/RATE; a request whose connection is still busy when it is due is sent as soon as the
// answer is in, and its latency still counts from when it was due (no coordinated omission). One thread,
// epoll with nanosecond timeouts, no allocation while measuring.
//
// Prints one line: rate=... p50=... p90=... p99=... p99.9=... max=... (ms) non2xx=... cpu=... (its own CPU
// seconds, warm-up included) for the answers whose
// request was due inside the measured window (answers that come after its end still count, up to 60 s later); with LATENCY_FILE, also each of those latencies in nanoseconds,
// one per line (dynamo-engine's benchmark reads them into a histogram).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define DRAIN_S 60

typedef struct {
    int fd, busy, len, next;
    long long due;
    char buf[1 << 20];
} conn;

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int compare(const void *a, const void *b) {
    long long x = *(const long long *) a, y = *(const long long *) b;
    return x < y ? -1 : x > y;
}

// Length of the HTTP message at p (head plus a Content-Length or chunked body, without trailers), or -1 if it is
// not complete in n bytes.
static long message_length(const char *p, long n) {
    const char *head_end = memmem(p, n, "\r\n\r\n", 4);
    if (!head_end) return -1;
    long head = head_end + 4 - p, body = 0;
    int chunked = 0;
    for (const char *line = memchr(p, '\n', head); line && line < head_end; line = memchr(line + 1, '\n', head_end - line)) {
        if (strncasecmp(line + 1, "content-length:", 15) == 0) body = atol(line + 16);
        if (strncasecmp(line + 1, "transfer-encoding: chunked", 26) == 0) chunked = 1;
    }
    if (!chunked) return head + body <= n ? head + body : -1;
    for (long at = head;;) {   // chunks: size in hex, CRLF, data, CRLF; the last has size 0
        const char *size_end = memmem(p + at, n - at, "\r\n", 2);
        if (!size_end) return -1;
        long size = strtol(p + at, NULL, 16);
        at = size_end + 2 - p + size + 2;
        if (at > n) return -1;
        if (size == 0) return at;
    }
}

static void die(const char *what) {
    perror(what);
    exit(2);
}

int main(int argc, char **argv) {
    if (argc != 7 && argc != 8) {
        fprintf(stderr, "usage: pace PORT REQUESTS_FILE RATE CONNECTIONS WARMUP_S DURATION_S [LATENCY_FILE]\n");
        return 2;
    }
    int port = atoi(argv[1]), n = atoi(argv[4]);
    double rate = atof(argv[3]), warmup = atof(argv[5]), duration = atof(argv[6]);
    FILE *f = fopen(argv[2], "rb");
    if (!f) die(argv[2]);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *all = malloc(size);
    if (fread(all, 1, size, f) != (size_t) size) die("read");
    fclose(f);
    int count = 0, cap = 1024;
    char **req = malloc(cap * sizeof(char *));
    long *req_len = malloc(cap * sizeof(long));
    for (long off = 0; off < size;) {
        long len = message_length(all + off, size - off);
        if (len < 0) {
            fprintf(stderr, "incomplete request at byte %ld of %s\n", off, argv[2]);
            return 2;
        }
        if (count == cap) {
            cap *= 2;
            req = realloc(req, cap * sizeof(char *));
            req_len = realloc(req_len, cap * sizeof(long));
        }
        req[count] = all + off;
        req_len[count++] = len;
        off += len;
    }
    if (count < n) {
        fprintf(stderr, "need at least one request per connection (%d requests, %d connections)\n", count, n);
        return 2;
    }
    long long interval = (long long) (n * 1e9 / rate);
    int ep = epoll_create1(0);
    conn *c = calloc(n, sizeof(conn));
    for (int i = 0; i < n; i++) {
        c[i].fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
        inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
        if (connect(c[i].fd, (struct sockaddr *) &a, sizeof a)) die("connect");
        int one = 1;
        setsockopt(c[i].fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct epoll_event e = {.events = EPOLLIN, .data.u32 = i};
        epoll_ctl(ep, EPOLL_CTL_ADD, c[i].fd, &e);
        c[i].next = i;
    }
    long long start = now_ns(), measure_from = start + (long long) (warmup * 1e9),
              end = measure_from + (long long) (duration * 1e9);
    size_t lat_cap = (size_t) (rate * duration * 1.1) + 1024, measured = 0, non2xx = 0;
    long long *lat = malloc(lat_cap * sizeof(long long));
    for (int i = 0; i < n; i++) c[i].due = start + (long long) i * interval / n;
    // After the window, the answers to requests due inside it are still waited for (up to DRAIN_S), so a slow
    // tail is counted instead of dropped.
    long long drain_end = end + DRAIN_S * 1000000000LL;
    for (;;) {
        long long t = now_ns();
        int pending = 0;
        for (int i = 0; i < n; i++) pending |= c[i].busy || c[i].due < end;
        if (!pending || t >= drain_end) break;
        long long wake = drain_end;
        for (int i = 0; i < n; i++) {
            if (c[i].busy || c[i].due >= end) continue;
            if (c[i].due <= t) {
                const char *r = req[c[i].next];
                long left = req_len[c[i].next];
                while (left > 0) {
                    ssize_t w = write(c[i].fd, r, left);
                    if (w <= 0) die("write");
                    r += w;
                    left -= w;
                }
                c[i].next = c[i].next + n < count ? c[i].next + n : i;
                c[i].busy = 1;
            } else if (c[i].due < wake) {
                wake = c[i].due;
            }
        }
        long long wait = wake - now_ns();
        if (wait < 0) wait = 0;
        struct timespec timeout = {wait / 1000000000LL, wait % 1000000000LL};
        struct epoll_event ev[64];
        int ready = epoll_pwait2(ep, ev, 64, &timeout, NULL);
        for (int j = 0; j < ready; j++) {
            conn *x = &c[ev[j].data.u32];
            ssize_t r = read(x->fd, x->buf + x->len, sizeof x->buf - x->len);
            if (r <= 0) {
                fprintf(stderr, "the server closed a connection\n");
                return 1;
            }
            x->len += r;
            long total = message_length(x->buf, x->len);
            if (total < 0) continue;
            long long done = now_ns();
            if (x->due >= measure_from && x->due < end) {
                if (measured < lat_cap) lat[measured++] = done - x->due;
                if (x->len < 12 || x->buf[9] != '2') non2xx++;
            }
            memmove(x->buf, x->buf + total, x->len - total);
            x->len -= total;
            x->busy = 0;
            x->due += interval;
        }
    }
    if (measured == 0) {
        fprintf(stderr, "no answers in the measured window\n");
        return 1;
    }
    if (argc == 8) {
        FILE *out = fopen(argv[7], "w");
        if (!out) die(argv[7]);
        for (size_t i = 0; i < measured; i++) fprintf(out, "%lld\n", lat[i]);
        fclose(out);
    }
    qsort(lat, measured, sizeof(long long), compare);
    double pct[] = {50, 90, 99, 99.9};
    printf("rate=%.0f", measured / duration);
    for (int i = 0; i < 4; i++) {
        size_t k = (size_t) (measured * pct[i] / 100);
        printf(" p%g=%.2f", pct[i], lat[k < measured ? k : measured - 1] / 1e6);
    }
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf(" max=%.2f non2xx=%zu cpu=%.3f\n", lat[measured - 1] / 1e6, non2xx,
           usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6);
    return 0;
}
