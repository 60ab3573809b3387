/* The call's real-time audio path in C: no Python, no GIL, no allocation in any callback.
 *
 * Built by `python -m softphone.resources_build` into _fastpath.so and driven through ctypes
 * by softphone/sip/audio/fastpath.py, which also opens the PortAudio streams (through
 * sounddevice's own PortAudio binding) and adds the port to pjsua's conference bridge.
 *
 * The microphone drives the call, as a sound card drives pjsua: pjsua's null-device clock is
 * switched off (pjsua_set_no_snd_dev) and every 20 ms frame the microphone's PortAudio
 * callback completes runs one conference cycle (tick): the conference asks our port for
 * that frame (port_get_frame) and sends it to the caller at once, then hands our port the
 * caller's frame (port_put_frame), which goes into the `down` ring for the headset. While
 * the microphone is quiet (no input device, a device being switched) a timer thread here
 * ticks instead, with silence, so calls never lose their clock.
 *
 * Threads that run this code:
 *   - PortAudio's input callback (microphone): capture -> tick -> port_get/put_frame;
 *   - the timer thread (timer_main), the same tick when the microphone is quiet;
 *   - PortAudio's output callback (headset): reads `down`, mixes the whisper beep;
 *   - PortAudio's ring-device callback: the ringtone while a call is offered;
 *   - without the drive (fastpath.py could not take the conference's clock), pjmedia's own
 *     clock thread calls port_get/put_frame, and the microphone reaches them through the
 *     `up` ring.
 * The rings are single-producer single-consumer with the drift control of ring.py (the same
 * algorithm, step for step; tests run one test suite on both): the headset's clock and the
 * microphone's are different clocks on real hardware. A late call on either side of a ring
 * (more than 1.5 blocks after its last one, on CLOCK_MONOTONIC) widens the ring's margin by
 * the margin before an underrun has to; calm gives it back, 1 ms per ~3 s after ~15 s
 * (ring_late).
 *
 * Each of those threads raises its own priority once, when it first runs (prio_check:
 * SCHED_FIFO, else nice -10, else nothing; below SCHED_FIFO also a short EEVDF time slice,
 * fp_short_slice) and says what it got; priority.py reads that and asks rtkit for the rest.
 * Locks: the only lock here is the drive's (one tick at a time),
 * taken by the microphone's callback and the timer, and by fp_drive_stop for a moment after
 * the timer is joined; Python never holds it otherwise. Inside a tick pjmedia takes its
 * conference mutex only to pop queued connect/disconnect operations (the SIP side holds it
 * only inside pjmedia_conf_* calls, list updates without I/O) and each stream's jitter-buffer
 * mutex (shared with the RTP receive thread, held for a buffer operation); no pjsua lock and
 * never the GIL.
 *
 * The pjmedia types: built with FP_PJ_HEADERS (resources_build found the pjproject headers of
 * the pjsua2 we run, cached by scripts/pjsua2_build.py), this file uses the real pjmedia_port,
 * pjmedia_frame and pj_thread_desc and types its function pointers from pjmedia's own
 * prototypes; it then stamps the pjproject version it was compiled against (fp_pj_version),
 * which fastpath.py compares with the running library's pj_get_version() before use.
 * Without the headers (the PyPI wheel ships none) it falls back to pjmedia 2.15's layout,
 * copied below by hand (port.h: info, port_data, grp_lock, get_clock_src, put_frame,
 * get_frame, on_destroy), stamped "2.15". Either way fastpath.py also checks the layout at
 * start by calling the library's own pjmedia_port_get_frame/put_frame on this port, and falls
 * back to the Python bridge when anything disagrees. No pjproject symbol is linked: the
 * functions are handed over by address (ctypes) from the very library pjsua2 runs.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE             /* syscall(); pjlib's string.h calls bzero() */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

#define API __attribute__((visibility("default")))

/* ------------------------------------------------------------------ time */
static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);   /* the same clock as Python's time.monotonic() */
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ------------------------------------------------------------------ the drift ring */
typedef struct {
    int rate;
    int64_t cap;
    float *buf;
    float *scratch;                 /* consumer only, cap + 2 samples */
    _Atomic int64_t w;              /* total samples written (producer only) */
    _Atomic int64_t r;              /* total samples read (consumer only) */
    _Atomic int clear_req;          /* set by the owner, honoured by the consumer */
    _Atomic double t_w;             /* time of the last write (producer) */
    _Atomic int64_t p;              /* size of the last write (producer) */
    int has_t_w;
    int64_t margin, min_margin, max_margin, window, reset_excess;
    int primed;
    int64_t win_samples, win_min;
    int has_win_min;
    int64_t pending;
    int64_t history[16];
    int nhist, decide_windows, calm;
    /* lateness (ring_late): a side that calls more than 1.5 blocks after its last call */
    _Atomic int64_t late_w;         /* late writes so far (producer) */
    _Atomic int64_t late_w_by;      /* how late the last one was, in samples (producer) */
    int64_t late_w_seen;            /* late writes already acted on (consumer) */
    double t_r;                     /* time of the last read (consumer) */
    int has_t_r;
    /* counters: plain 64-bit values, each written by one side */
    int64_t underruns, overruns, corrections, drops, resets, dropped;
    int64_t late_reads, late_widened;   /* consumer: late reads, margin steps taken for lateness */
    double underrun_at[8];          /* times of the last underruns, newest at [(underruns-1) % 8] */
} ring_t;

#define CALM_DECISIONS 5            /* drift decisions (~3 s each) before calm gives back */

static int ring_init(ring_t *g, int rate, double capacity_ms, double margin_ms,
                     double max_margin_ms, double window_ms, double reset_ms)
{
    memset(g, 0, sizeof *g);
    g->rate = rate;
    g->cap = (int64_t)(rate * capacity_ms / 1000);
    g->buf = calloc((size_t)g->cap, sizeof(float));
    g->scratch = calloc((size_t)g->cap + 2, sizeof(float));
    if (!g->buf || !g->scratch)
        return -1;
    g->margin = g->min_margin = (int64_t)(rate * margin_ms / 1000);
    g->max_margin = (int64_t)(rate * max_margin_ms / 1000);
    g->window = (int64_t)(rate * window_ms / 1000);
    g->reset_excess = (int64_t)(rate * reset_ms / 1000);
    g->decide_windows = 3;
    return 0;
}

static void ring_free(ring_t *g)
{
    free(g->buf);
    free(g->scratch);
    g->buf = g->scratch = NULL;
}

/* floor division, as Python's // (corrections use it on negative numbers) */
static int64_t fdiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* How late a call is that comes `gap` samples after the last one, which handled `block`
 * samples: the delay beyond the block's own duration when the gap is more than 1.5 blocks,
 * else 0. A gap longer than the block plus the widest margin is a pause (no call attached,
 * a stream reopened) or a stall the margin could not cover anyway: not lateness either. */
static int64_t lateness(const ring_t *g, int64_t gap, int64_t block)
{
    if (block <= 0 || 2 * gap <= 3 * block || gap - block > g->max_margin)
        return 0;
    return gap - block;
}

/* A late call (either side) is the sign of a loaded system: while the margin does not cover
 * that lateness with a step (2 ms) to spare, widen it before an underrun has to: by a step for
 * a late read, at once to the lateness plus a step for a late write (a producer that late
 * again would empty the ring). A late call that took half the margin or more holds it (calm
 * restarts); one the margin covers twice over does not. Calm gives it back (ring_read). */
static void ring_late(ring_t *g, int64_t by, int write)
{
    int64_t step = g->rate / 500;
    if (2 * by >= g->margin)
        g->calm = 0;
    if (by + step > g->margin && g->margin < g->max_margin) {
        int64_t ms = g->rate / 1000;      /* a write's jump, rounded up to whole ms */
        int64_t m = write ? (by + step + ms - 1) / ms * ms : g->margin + step;
        g->calm = 0;
        g->margin = m < g->max_margin ? m : g->max_margin;
        g->late_widened++;
    }
}

static int64_t ring_write(ring_t *g, const float *x, int64_t n, double now)
{
    int64_t w = atomic_load_explicit(&g->w, memory_order_relaxed);
    int64_t r = atomic_load_explicit(&g->r, memory_order_acquire);
    if (g->has_t_w) {
        double t_prev = atomic_load_explicit(&g->t_w, memory_order_relaxed);
        int64_t late = lateness(g, (int64_t)((now - t_prev) * g->rate),
                                atomic_load_explicit(&g->p, memory_order_relaxed));
        if (late > 0) {
            atomic_store_explicit(&g->late_w_by, late, memory_order_relaxed);
            atomic_fetch_add_explicit(&g->late_w, 1, memory_order_release);
        }
    }
    atomic_store_explicit(&g->t_w, now, memory_order_relaxed);
    atomic_store_explicit(&g->p, n, memory_order_relaxed);
    g->has_t_w = 1;
    int64_t space = g->cap - (w - r);
    if (n > space) {
        g->overruns++;
        g->dropped += n - (space > 0 ? space : 0);
        n = space;
        if (n <= 0)
            return 0;
    }
    int64_t pos = w % g->cap, first = g->cap - pos < n ? g->cap - pos : n;
    memcpy(g->buf + pos, x, (size_t)first * sizeof(float));
    if (first < n)
        memcpy(g->buf, x + first, (size_t)(n - first) * sizeof(float));
    atomic_store_explicit(&g->w, w + n, memory_order_release);
    return n;
}

static void copy_out(ring_t *g, int64_t *r, float *out, int64_t n)
{
    int64_t pos = *r % g->cap, first = g->cap - pos < n ? g->cap - pos : n;
    memcpy(out, g->buf + pos, (size_t)first * sizeof(float));
    if (first < n)
        memcpy(out + first, g->buf, (size_t)(n - first) * sizeof(float));
    *r += n;
}

/* resample n_in samples to n_out by linear interpolation (n_in = n_out +- 1) */
static void stretch(const float *in, int64_t n_in, float *out, int64_t n_out)
{
    double step = n_out > 1 ? (double)(n_in - 1) / (double)(n_out - 1) : 0.0;
    for (int64_t i = 0; i < n_out; i++) {
        double pos = i * step;
        int64_t k = (int64_t)pos;
        if (k >= n_in - 1) {
            out[i] = in[n_in - 1];
            continue;
        }
        double f = pos - (double)k;
        out[i] = (float)(in[k] * (1.0 - f) + in[k + 1] * f);
    }
}

static int64_t virtual_fill(ring_t *g, int64_t avail, double now)
{
    if (!g->has_t_w)
        return avail;
    int64_t p = atomic_load_explicit(&g->p, memory_order_relaxed);
    double t_w = atomic_load_explicit(&g->t_w, memory_order_relaxed);
    int64_t since = (int64_t)((now - t_w) * g->rate);
    if (since < 0)
        since = 0;
    if (since > p)
        since = p;
    return avail + since - p;
}

static void ring_reset_state(ring_t *g)
{
    g->has_t_r = 0;
    g->late_w_seen = atomic_load_explicit(&g->late_w, memory_order_acquire);
    g->primed = 0;
    g->has_win_min = 0;
    g->win_samples = 0;
    g->pending = 0;
    g->nhist = 0;
}

static int64_t ring_read(ring_t *g, float *out, int64_t n, double now)
{
    int64_t r = atomic_load_explicit(&g->r, memory_order_relaxed);
    int64_t w = atomic_load_explicit(&g->w, memory_order_acquire);
    if (atomic_exchange_explicit(&g->clear_req, 0, memory_order_acq_rel)) {
        r = w;
        ring_reset_state(g);
        atomic_store_explicit(&g->r, r, memory_order_release);
    }
    int64_t avail = w - r;
    /* lateness, ours (this read) and the producer's (its writes since our last read) */
    if (g->has_t_r) {
        int64_t late = lateness(g, (int64_t)((now - g->t_r) * g->rate), n);
        if (late > 0) {
            g->late_reads++;
            ring_late(g, late, 0);
        }
    }
    g->t_r = now;
    g->has_t_r = 1;
    int64_t late_w = atomic_load_explicit(&g->late_w, memory_order_acquire);
    if (late_w != g->late_w_seen) {
        g->late_w_seen = late_w;
        ring_late(g, atomic_load_explicit(&g->late_w_by, memory_order_relaxed), 1);
    }
    if (!g->primed) {
        if (avail < n || virtual_fill(g, avail, now) < n + g->margin) {
            memset(out, 0, (size_t)n * sizeof(float));
            return 0;
        }
        g->primed = 1;
        g->has_win_min = 0;
        g->win_samples = 0;
        g->nhist = 0;
    }
    if (avail < n) {
        /* underrun: play what is there, then silence; re-prime with a wider margin */
        if (avail > 0)
            copy_out(g, &r, out, avail);
        memset(out + (avail > 0 ? avail : 0), 0, (size_t)(n - (avail > 0 ? avail : 0)) * sizeof(float));
        atomic_store_explicit(&g->r, r, memory_order_release);
        g->underrun_at[g->underruns % 8] = now;
        g->underruns++;
        g->primed = 0;
        g->pending = 0;
        g->margin = g->margin + g->rate / 200 < g->max_margin ? g->margin + g->rate / 200 : g->max_margin;
        g->calm = 0;
        return avail > 0 ? avail : 0;
    }

    int64_t slack = virtual_fill(g, avail, now) - n;
    if (!g->has_win_min || slack < g->win_min) {
        g->win_min = slack;
        g->has_win_min = 1;
    }
    g->win_samples += n;
    if (g->win_samples >= g->window) {
        if (g->nhist < 16)
            g->history[g->nhist++] = g->win_min;
        g->has_win_min = 0;
        g->win_samples = 0;
        int64_t worst = g->history[0];
        for (int i = 1; i < g->nhist; i++)
            if (g->history[i] < worst)
                worst = g->history[i];
        int64_t excess = worst - g->margin;
        if (excess > g->reset_excess) {
            /* stall: the producer ran ahead while we were not reading; drop at once */
            int64_t drop = excess - fdiv(g->margin, 2);
            r += drop;
            g->dropped += drop;
            g->resets++;
            avail = w - r;
            g->pending = 0;
            g->nhist = 0;
        } else if (g->nhist >= g->decide_windows) {
            g->calm++;
            if (g->calm >= CALM_DECISIONS && g->margin > g->min_margin) {
                /* no underrun nor a late call near the margin for ~15 s: give back 1 ms of
                 * the margin widened earlier, and 1 ms each decision (~3 s) while calm lasts */
                int64_t m = g->margin - g->rate / 1000;
                g->margin = m > g->min_margin ? m : g->min_margin;
            }
            int64_t hyst = g->rate / 500 > fdiv(g->margin, 2) ? g->rate / 500 : fdiv(g->margin, 2);
            if (excess > hyst || excess < -hyst)
                g->pending = fdiv(excess, 2);
            g->nhist = 0;
        } else if (excess < fdiv(-g->margin, 2) && g->pending >= 0) {
            g->pending = fdiv(excess, 2);   /* heading for an underrun: act now */
            g->nhist = 0;
        }
    }

    int64_t used = n;
    if (g->pending > 0 && avail >= n + 1) {
        copy_out(g, &r, g->scratch, n + 1);           /* drop one sample: n+1 -> n */
        stretch(g->scratch, n + 1, out, n);
        g->pending--;
        g->corrections++;
        g->drops++;
        used = n + 1;
    } else if (g->pending < 0 && n > 1) {
        copy_out(g, &r, g->scratch, n - 1);           /* insert one sample: n-1 -> n */
        stretch(g->scratch, n - 1, out, n);
        g->pending++;
        g->corrections++;
        used = n - 1;
    } else {
        copy_out(g, &r, out, n);
    }
    atomic_store_explicit(&g->r, r, memory_order_release);
    return used;
}

/* ------------------------------------------------------------------ the ring, for tests */
API ring_t *fp_ring_new(int rate, double capacity_ms, double margin_ms, double max_margin_ms,
                        double window_ms, double reset_ms)
{
    ring_t *g = malloc(sizeof *g);
    if (g && ring_init(g, rate, capacity_ms, margin_ms, max_margin_ms, window_ms, reset_ms)) {
        ring_free(g);
        free(g);
        return NULL;
    }
    return g;
}
API void fp_ring_free(ring_t *g) { if (g) { ring_free(g); free(g); } }
API int64_t fp_ring_write(ring_t *g, const float *x, int64_t n, double now)
{
    return ring_write(g, x, n, now < 0 ? mono() : now);
}
API int64_t fp_ring_read(ring_t *g, float *out, int64_t n, double now)
{
    if (n > g->cap)
        n = g->cap;
    return ring_read(g, out, n, now < 0 ? mono() : now);
}
/* times of the last underruns (at most max, at most 8), oldest first; returns the count */
API int fp_ring_underrun_times(ring_t *g, double *out, int max)
{
    int64_t n = g->underruns < 8 ? g->underruns : 8;
    if (n > max)
        n = max;
    for (int64_t i = 0; i < n; i++)
        out[i] = g->underrun_at[(g->underruns - n + i) % 8];
    return (int)n;
}
API void fp_ring_clear(ring_t *g) { atomic_store(&g->clear_req, 1); }
API int64_t fp_ring_fill(ring_t *g)
{
    int64_t w = atomic_load(&g->w), r = atomic_load(&g->r);
    return atomic_load(&g->clear_req) ? 0 : w - r;
}
/* counters, in this order: underruns overruns corrections drops resets dropped margin
 * late_writes late_reads late_widened */
API void fp_ring_counters(ring_t *g, int64_t *out)
{
    out[0] = g->underruns; out[1] = g->overruns; out[2] = g->corrections; out[3] = g->drops;
    out[4] = g->resets; out[5] = g->dropped; out[6] = g->margin;
    out[7] = atomic_load(&g->late_w); out[8] = g->late_reads; out[9] = g->late_widened;
}

/* ------------------------------------------------------------------ pjmedia types */
#ifdef FP_PJ_HEADERS
#include <pj/config.h>
#include <pj/os.h>
#include <pjmedia/frame.h>
#include <pjmedia/port.h>

typedef pjmedia_frame pjframe_t;
typedef pjmedia_port pjport_t;
typedef pj_str_t pjstr_t;
typedef pj_thread_desc thread_desc_t;
/* the signatures of the functions fastpath.py hands over, from pjproject's own prototypes */
typedef __typeof__(&pjmedia_port_get_frame) pjport_fn;
typedef __typeof__(&pj_thread_register) pjreg_fn;
typedef __typeof__(&pj_thread_is_registered) pjisreg_fn;
#define FRAME_AUDIO PJMEDIA_FRAME_TYPE_AUDIO
#define FRAME_NONE PJMEDIA_FRAME_TYPE_NONE
#define FRAME_TS(f) ((f)->timestamp.u64)
#define PORT_PDATA(p) ((p)->port_data.pdata)
/* the version these headers describe, spelled as pjlib's config.c spells PJ_VERSION */
#define FP_STR1(x) #x
#define FP_STR(x) FP_STR1(x)
#if PJ_VERSION_NUM_REV
#define FP_PJ_VERSION FP_STR(PJ_VERSION_NUM_MAJOR) "." FP_STR(PJ_VERSION_NUM_MINOR) "." \
    FP_STR(PJ_VERSION_NUM_REV) PJ_VERSION_NUM_EXTRA
#else
#define FP_PJ_VERSION FP_STR(PJ_VERSION_NUM_MAJOR) "." FP_STR(PJ_VERSION_NUM_MINOR) \
    PJ_VERSION_NUM_EXTRA
#endif
_Static_assert(sizeof(pj_size_t) == sizeof(size_t), "pj_size_t is size_t");
_Static_assert(sizeof(pj_status_t) == sizeof(int), "pj_status_t is int");

static int port_format(const pjport_t *port, unsigned *out)
{
    const pjmedia_format *fmt = &port->info.fmt;
    if (fmt->type != PJMEDIA_TYPE_AUDIO || fmt->detail_type != PJMEDIA_FORMAT_DETAIL_AUDIO)
        return -1;
    out[0] = fmt->det.aud.clock_rate;
    out[1] = fmt->det.aud.channel_count;
    out[2] = fmt->det.aud.frame_time_usec;
    out[3] = fmt->det.aud.bits_per_sample;
    return 0;
}
#else
/* pjmedia 2.15's layout, by hand (no headers: the PyPI wheel) */
typedef struct {              /* pjmedia_frame */
    int type;                 /* pjmedia_frame_type: PJMEDIA_FRAME_TYPE_AUDIO = 1 */
    void *buf;
    size_t size;
    uint64_t timestamp;
    uint32_t bit_info;
} pjframe_t;

#define FRAME_AUDIO 1
#define FRAME_NONE 0
#define FRAME_TS(f) ((f)->timestamp)
#define PORT_PDATA(p) ((p)->pdata)
#define PORT_INFO_BYTES 64    /* pjmedia_port_info (60 bytes) padded to pointer alignment */
#define PORT_FORMAT_DETAIL 36 /* pjmedia_audio_format_detail inside pjmedia_port_info */
#define FP_PJ_VERSION "2.15"

typedef struct pjport {       /* pjmedia_port (2.15) */
    unsigned char info[PORT_INFO_BYTES];
    void *pdata;
    long ldata;
    void *grp_lock;
    void *get_clock_src;
    int (*put_frame)(struct pjport *port, pjframe_t *frame);
    int (*get_frame)(struct pjport *port, pjframe_t *frame);
    int (*on_destroy)(struct pjport *port);
} pjport_t;

typedef struct { const char *ptr; long slen; } pjstr_t;
typedef long thread_desc_t[256];      /* pj_thread_desc (64 longs in 2.15) */
typedef int (*pjport_fn)(pjport_t *port, pjframe_t *frame);
typedef int (*pjreg_fn)(const char *name, long *desc, void **thread);
typedef int (*pjisreg_fn)(void);

static int port_format(const pjport_t *port, unsigned *out)
{
    memcpy(out, port->info + PORT_FORMAT_DETAIL, 4 * sizeof(unsigned));
    return 0;
}
#endif

#ifndef FP_BUILD_ID
#define FP_BUILD_ID "dev"
#endif
/* found in the file by resources_build (is the library up to date?) without loading it */
__attribute__((used)) static const char BUILD_TAG[] = "fastpath-build:" FP_BUILD_ID ";";

/* ------------------------------------------------------------------ thread priority
 * Each real-time thread (the three PortAudio callbacks, the timer) raises itself once, the
 * first time it runs after fastpath.py asked for it (fp_priority_want): SCHED_FIFO at a low
 * real-time priority when the process may (root, CAP_SYS_NICE, RLIMIT_RTPRIO), else nice -10
 * when it may (RLIMIT_NICE), else nothing ("slice" when the kernel gave it the short time
 * slice below, which every thread left below SCHED_FIFO asks for); a thread PortAudio already
 * made real-time keeps that. It records its kernel thread id and what it got in its role's
 * slot; fastpath.py reads the slots, asks rtkit (D-Bus, off the audio threads) for a thread that got less than
 * SCHED_FIFO, and notes what rtkit gave (fp_priority_note). Linux only: elsewhere the thread
 * id is 0 and only the POSIX call is tried. */
enum { PRIO_OUTPUT, PRIO_INPUT, PRIO_RING, PRIO_TIMER, PRIO_ROLES };
enum { PK_UNSET, PK_NONE, PK_NICE, PK_FIFO, PK_RTKIT, PK_SLICE };
#define FIFO_PRIORITY 10            /* above every normal thread, below the sound server's */
#define NICE_LEVEL (-10)
#define SLICE_NS 300000             /* a normal thread's time slice asked for (EEVDF) */
#define UNRAISED_FLOOR_MS 32        /* the headset ring's least margin for a thread below real
                                     * time: the audio benchmark's unprivileged loaded runs
                                     * underran once each at 14, 16 and 19 ms of margin */

typedef struct {
    _Atomic int64_t tid;            /* kernel id of the role's latest thread (0: none yet) */
    _Atomic int kind;               /* PK_* */
    _Atomic int value;              /* SCHED_FIFO priority, or nice level */
    _Atomic int64_t seq;            /* +1 each time a new thread reports */
} prio_t;

static __thread prio_t *tls_prio;   /* the slot this thread last reported to */

static int64_t thread_id(void)
{
#ifdef __linux__
    return (int64_t)syscall(SYS_gettid);
#else
    return 0;
#endif
}

/* A thread left at normal priority (SCHED_OTHER) asks for a short time slice: Linux 6.12+
 * (EEVDF) lets a waking thread with a shorter slice preempt the running one at once, with no
 * privilege needed (it gives no more CPU, only an earlier turn). 0 when the kernel kept it
 * (read back: older kernels accept the call and ignore the slice). Any thread of ours. */
API int fp_short_slice(int64_t tid)
{
#if defined(__linux__) && defined(SYS_sched_setattr) && defined(SYS_sched_getattr)
    struct {                        /* struct sched_attr (include/uapi/linux/sched/types.h) */
        uint32_t size, policy;
        uint64_t flags;
        int32_t nice;
        uint32_t priority;
        uint64_t runtime, deadline, period;
        uint32_t util_min, util_max;
    } a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    if (syscall(SYS_sched_getattr, (pid_t)tid, &a, (unsigned)sizeof a, 0) != 0 ||
        a.policy != SCHED_OTHER)
        return -1;
    a.size = sizeof a;
    a.flags = 0;
    a.runtime = SLICE_NS;           /* policy and nice as they are */
    a.deadline = a.period = 0;
    if (syscall(SYS_sched_setattr, (pid_t)tid, &a, 0) != 0)
        return -1;
    memset(&a, 0, sizeof a);
    if (syscall(SYS_sched_getattr, (pid_t)tid, &a, (unsigned)sizeof a, 0) != 0)
        return -1;
    return a.runtime == SLICE_NS ? 0 : -1;
#else
    (void)tid;
    return -1;
#endif
}

static void prio_raise(prio_t *p)
{
    int kind = PK_NONE, value = 0, policy;
    struct sched_param sp;
    int64_t tid = thread_id();
    memset(&sp, 0, sizeof sp);
    sp.sched_priority = FIFO_PRIORITY;
    if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp) == 0) {
        kind = PK_FIFO;
        value = FIFO_PRIORITY;
    } else if (pthread_getschedparam(pthread_self(), &policy, &sp) == 0 &&
               (policy == SCHED_FIFO || policy == SCHED_RR)) {
        kind = PK_FIFO;                       /* PortAudio's ALSA backend made it real-time */
        value = sp.sched_priority;
    }
#ifdef __linux__
    else if (setpriority(PRIO_PROCESS, (id_t)tid, NICE_LEVEL) == 0) {
        kind = PK_NICE;                       /* Linux: the nice level is per thread */
        value = NICE_LEVEL;
    } else {
        errno = 0;
        int nice_now = getpriority(PRIO_PROCESS, (id_t)tid);
        if (errno == 0 && nice_now < 0) {
            kind = PK_NICE;                   /* raised before (a process started with nice) */
            value = nice_now;
        }
    }
    if (kind != PK_FIFO && fp_short_slice(tid) == 0 && kind == PK_NONE)
        kind = PK_SLICE;                      /* (a nice thread gets the short slice too) */
#endif
    atomic_store(&p->tid, tid);
    atomic_store(&p->kind, kind);
    atomic_store(&p->value, value);
    atomic_fetch_add(&p->seq, 1);
}

/* ------------------------------------------------------------------ the bridge */
#define FRAME_MAX 4096        /* samples per pjmedia frame we accept (20 ms at 48 kHz = 960) */
#define TAP_FRAMES 64

typedef struct {              /* frames seen at the port, for the benchmark's onset probe */
    float samples[TAP_FRAMES][FRAME_MAX];
    int n[TAP_FRAMES];
    double t[TAP_FRAMES];
    _Atomic int64_t w, r;
} tap_t;

/* Shared state read by Python as a ctypes Structure (fastpath.State): keep in step. */
typedef struct {
    /* set by Python (the owner), read by callbacks */
    int64_t live, muted, ringing, tap_on;
    /* written by callbacks, read by Python */
    int64_t out_calls, in_calls, ring_calls;
    double out_last, in_last, ring_last;
    int64_t pa_underflows, pa_overflows;
    int64_t rx_frames, tx_frames, get_calls, put_calls;
    double heard_last, sent_last;    /* last frame above -50 dBFS: from the call, from us */
    double loud;                     /* that threshold, full scale 1.0 */
    int64_t ticks_capture, ticks_timer;   /* conference ticks driven by the mic / the timer */
} state_t;

/* Driving pjsua's conference bridge (its port 0, the "sound device") the way pjmedia's
 * master port does for a sound card: put the microphone's frame, get the speaker's. The
 * microphone's callback drives it, so a frame leaves for the caller as soon as it is
 * captured; a timer thread takes over whenever the microphone is silent for two frames
 * (no input device, a device switch), so calls never lose their clock. */
typedef struct {
    pjport_t *master;               /* the conference's port 0 */
    pjport_fn put, get;             /* pjmedia_port_put_frame / pjmedia_port_get_frame */
    pjreg_fn reg;                   /* pj_thread_register */
    pjisreg_fn isreg;               /* pj_thread_is_registered */
    int spf;                        /* samples per conference frame */
    pthread_mutex_t lock;           /* one tick at a time */
    float acc[FRAME_MAX];           /* microphone samples towards the next frame (in_cb) */
    int acc_n;
    int16_t pcm_rx[FRAME_MAX];
    const float *mic;               /* this tick's microphone frame, NULL: silence */
    uint64_t ts;
    _Atomic double last_capture;    /* when the microphone last drove a tick */
    _Atomic int run;
    int timer_started;
    pthread_t timer;
} drive_t;

/* The warning announcement and the evidence clip ("extras"): memory the SIP thread swaps
 * while the callbacks use it. A callback uses an extra only between extras_enter/extras_leave
 * (an atomic count per user); the SIP thread unpublishes the pointer, waits until every count
 * has been 0 once (extras_quiesce: at most a callback's length), and only then frees. No lock,
 * no allocation in any callback. */
enum { U_TX, U_RX, U_HS, USERS };   /* port_get_frame, port_put_frame, the headset's out_cb */

typedef struct {              /* a warning played to the caller instead of the microphone */
    float *pcm;               /* at the bridge's rate */
    int64_t len;
    float level;              /* how loud the counselor hears it in the headset */
    _Atomic int64_t tx_pos;   /* the caller's side (conference ticks) */
    _Atomic int64_t hs_pos;   /* the headset's side (its own clock) */
    _Atomic double tx_end;    /* when the caller's side reached the end; 0: not yet */
} announce_t;

typedef struct {              /* the last seconds of the call, both ways, in memory only */
    int16_t *ch[2];           /* 0: from the caller, 1: to the caller; mono each, clip rate */
    int64_t cap;              /* samples per channel */
    int dec;                  /* bridge samples averaged into one clip sample */
    _Atomic int64_t w[2];     /* samples written per channel so far (one writer each) */
    float acc[2];             /* the partial average of each channel */
    int acc_n[2];
} clip_t;

typedef struct bridge {
    pjport_t port;            /* first: the port's address is the bridge's */
    state_t st;
    pjstr_t name;
    ring_t down, up;
    float rx[FRAME_MAX], tx[FRAME_MAX];
    float *whisper;
    int64_t whisper_len;
    _Atomic int64_t whisper_pos;
    float *tone;
    int64_t tone_len, tone_pos;
    tap_t *tap[2];            /* 0: rx (from the call), 1: tx (to the call) */
    drive_t drv;
    prio_t prio[PRIO_ROLES];
    _Atomic int prio_want;    /* 1: threads raise their priority when they first run */
    _Atomic(announce_t *) ann;
    _Atomic(clip_t *) clip;
    _Atomic int users[USERS]; /* callbacks inside extras_enter/leave, per user */
    int64_t last_n;           /* samples of the last frame sent (port_get_frame) */
    int64_t down_base;        /* the headset ring's least margin as built (samples) */
} bridge_t;

API void fp_announce_stop(bridge_t *b);
API int fp_clip_set(bridge_t *b, int64_t cap, int dec);

/* once per thread and role, when asked for: cheap enough for every callback */
static inline void prio_check(bridge_t *b, int role)
{
    prio_t *p = &b->prio[role];
    if (tls_prio != p && atomic_load_explicit(&b->prio_want, memory_order_relaxed)) {
        tls_prio = p;
        prio_raise(p);
    }
}

static const char PORT_NAME[] = "softphone-bridge";

static int loud(const float *x, int64_t n, float thr)
{
    for (int64_t i = 0; i < n; i++)
        if (x[i] > thr || x[i] < -thr)
            return 1;
    return 0;
}

static void tap_push(tap_t *t, const float *x, int n, double at)
{
    if (!t)
        return;
    int64_t w = atomic_load_explicit(&t->w, memory_order_relaxed);
    int slot = (int)(w % TAP_FRAMES);
    memcpy(t->samples[slot], x, (size_t)n * sizeof(float));
    t->n[slot] = n;
    t->t[slot] = at;
    atomic_store_explicit(&t->w, w + 1, memory_order_release);
}

static inline void extras_enter(bridge_t *b, int who) { atomic_fetch_add(&b->users[who], 1); }
static inline void extras_leave(bridge_t *b, int who) { atomic_fetch_sub(&b->users[who], 1); }

/* The caller hears the announcement instead of this frame (whatever the mute state); 1 while
 * it plays. The end of a frame after its last sample is silence. */
static int announce_tx(bridge_t *b, float *tx, int64_t n, double now)
{
    announce_t *a = atomic_load(&b->ann);
    if (!a)
        return 0;
    int64_t p = atomic_load_explicit(&a->tx_pos, memory_order_relaxed);
    if (p >= a->len)
        return 0;
    int64_t k = a->len - p < n ? a->len - p : n;
    memcpy(tx, a->pcm + p, (size_t)k * sizeof(float));
    memset(tx + k, 0, (size_t)(n - k) * sizeof(float));
    atomic_store(&a->tx_pos, p + k);
    if (p + k >= a->len)   /* the frame leaves now: its last sample plays k samples later */
        atomic_store(&a->tx_end, now + (double)k / b->down.rate);
    return 1;
}

/* ... and the counselor hears it quietly, mixed into the headset */
static void announce_hs(bridge_t *b, float *o, int64_t n)
{
    announce_t *a = atomic_load(&b->ann);
    if (!a)
        return;
    int64_t p = atomic_load_explicit(&a->hs_pos, memory_order_relaxed);
    int64_t k = a->len - p < n ? a->len - p : n;
    for (int64_t i = 0; i < k; i++)
        o[i] += a->level * a->pcm[p + i];
    if (k > 0)
        atomic_store(&a->hs_pos, p + k);
}

/* one frame of a direction into the clip (x NULL: silence), averaged down to the clip rate */
static void clip_feed(bridge_t *b, int ch, const float *x, int64_t n)
{
    clip_t *c = atomic_load(&b->clip);
    if (!c)
        return;
    int64_t w = atomic_load_explicit(&c->w[ch], memory_order_relaxed);
    float acc = c->acc[ch];
    int k = c->acc_n[ch];
    for (int64_t i = 0; i < n; i++) {
        acc += x ? x[i] : 0.0f;
        if (++k == c->dec) {
            float v = acc / (float)k * 32767.0f;
            c->ch[ch][w % c->cap] = (int16_t)(v > 32767.0f ? 32767.0f : (v < -32768.0f ? -32768.0f : v));
            w++;
            acc = 0.0f;
            k = 0;
        }
    }
    c->acc[ch] = acc;
    c->acc_n[ch] = k;
    atomic_store_explicit(&c->w[ch], w, memory_order_release);
}

static int port_put_frame(pjport_t *port, pjframe_t *f)
{
    bridge_t *b = (bridge_t *)port;
    b->st.put_calls++;
    int64_t n = (int64_t)(f->size / 2);
    if (n > FRAME_MAX)
        n = FRAME_MAX;
    if (!b->st.live)
        return 0;                          /* no call attached */
    if (f->type != FRAME_AUDIO || n < 1 || !f->buf) {
        /* nothing arrived this tick: a gap on the free-running clock; silence when we
         * drive the conference (its ticks are the headset's only supply) */
        if (!b->drv.master) {
            extras_enter(b, U_RX);
            clip_feed(b, 0, NULL, b->last_n);   /* the clip keeps both directions in step */
            extras_leave(b, U_RX);
            return 0;
        }
        n = b->drv.spf;
        memset(b->rx, 0, (size_t)n * sizeof(float));
    } else {
        const int16_t *pcm = f->buf;
        for (int64_t i = 0; i < n; i++)
            b->rx[i] = pcm[i] * (1.0f / 32768.0f);
    }
    double now = mono();
    if (loud(b->rx, n, (float)b->st.loud))
        b->st.heard_last = now;
    if (b->st.tap_on)
        tap_push(b->tap[0], b->rx, (int)n, now);
    extras_enter(b, U_RX);
    clip_feed(b, 0, b->rx, n);
    extras_leave(b, U_RX);
    if (now - b->st.out_last >= 0.1)
        return 0;                          /* the headset stream is not running */
    ring_write(&b->down, b->rx, n, now);
    b->st.rx_frames++;
    return 0;
}

static int port_get_frame(pjport_t *port, pjframe_t *f)
{
    bridge_t *b = (bridge_t *)port;
    b->st.get_calls++;
    int64_t n = (int64_t)(f->size / 2);
    if (n > FRAME_MAX)
        n = FRAME_MAX;
    if (!f->buf || n <= 0) {
        f->type = FRAME_NONE;
        f->size = 0;
        return 0;
    }
    double now = mono();
    if (b->st.live && b->drv.master) {
        /* driven by the microphone: its frame, captured just now, goes out at once */
        int64_t k = b->drv.mic ? (n < b->drv.spf ? n : b->drv.spf) : 0;
        if (k > 0)
            memcpy(b->tx, b->drv.mic, (size_t)k * sizeof(float));
        memset(b->tx + k, 0, (size_t)(n - k) * sizeof(float));
        if (b->st.muted)
            memset(b->tx, 0, (size_t)n * sizeof(float));
        if (b->st.muted || loud(b->tx, n, (float)b->st.loud))
            b->st.sent_last = now;
    } else if (b->st.live) {
        ring_read(&b->up, b->tx, n, now);
        if (b->st.muted)
            b->st.sent_last = now;         /* muted on purpose: not a silent microphone */
        else if (loud(b->tx, n, (float)b->st.loud))
            b->st.sent_last = now;
    } else {
        memset(b->tx, 0, (size_t)n * sizeof(float));
    }
    if (b->st.live) {
        extras_enter(b, U_TX);
        if (announce_tx(b, b->tx, n, now))
            b->st.sent_last = now;         /* the announcement speaks: not a silent microphone */
        clip_feed(b, 1, b->tx, n);         /* what the caller hears: microphone or announcement */
        extras_leave(b, U_TX);
        b->last_n = n;
    }
    if (b->st.tap_on)
        tap_push(b->tap[1], b->tx, (int)n, now);
    int16_t *pcm = f->buf;
    for (int64_t i = 0; i < n; i++) {
        float v = b->tx[i] * 32767.0f;
        pcm[i] = (int16_t)(v > 32767.0f ? 32767.0f : (v < -32768.0f ? -32768.0f : v));
    }
    f->type = FRAME_AUDIO;
    f->size = (size_t)n * 2;
    b->st.tx_frames++;
    return 0;
}

/* ------------------------------------------------------------------ the conference drive */
static __thread thread_desc_t tls_desc;  /* pj_thread_desc for this thread */

static void tick(bridge_t *b, const float *mic, int from_timer)
{
    drive_t *d = &b->drv;
    pthread_mutex_lock(&d->lock);
    if (!d->master) {
        pthread_mutex_unlock(&d->lock);
        return;
    }
    if (!d->isreg()) {
        memset(tls_desc, 0, sizeof tls_desc);
#ifdef FP_PJ_HEADERS
        pj_thread_t *thread = NULL;
#else
        void *thread = NULL;
#endif
        d->reg(from_timer ? "audio-clock" : "audio-capture", tls_desc, &thread);
    }
    /* One conference cycle, as pjmedia's master port runs it for a sound card, except that
     * port 0 carries nothing (its microphone side has a delay buffer): the conference asks
     * our port for this frame (port_get_frame) and hands it the call's (port_put_frame). */
    d->mic = mic;
    pjframe_t g;
    memset(&g, 0, sizeof g);
    g.buf = d->pcm_rx;
    g.size = (size_t)d->spf * 2;
    FRAME_TS(&g) = d->ts;
    d->get(d->master, &g);
    d->mic = NULL;
    d->ts += (uint64_t)d->spf;
    if (from_timer)
        b->st.ticks_timer++;
    else
        b->st.ticks_capture++;
    pthread_mutex_unlock(&d->lock);
}

/* the microphone's samples (NULL: silence), frame by frame into the conference */
static void capture(bridge_t *b, const float *in, int64_t frames, double now)
{
    drive_t *d = &b->drv;
    int64_t done = 0;
    while (done < frames) {
        int64_t n = d->spf - d->acc_n < frames - done ? d->spf - d->acc_n : frames - done;
        if (in)
            memcpy(d->acc + d->acc_n, (const float *)in + done, (size_t)n * sizeof(float));
        else
            memset(d->acc + d->acc_n, 0, (size_t)n * sizeof(float));
        d->acc_n += (int)n;
        done += n;
        if (d->acc_n == d->spf) {
            d->acc_n = 0;
            atomic_store(&d->last_capture, now);
            tick(b, d->acc, 0);
        }
    }
}

static void *timer_main(void *arg)
{
    bridge_t *b = arg;
    drive_t *d = &b->drv;
    long step = (long)d->spf * 1000000000L / b->down.rate;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    while (atomic_load(&d->run)) {
        prio_check(b, PRIO_TIMER);
        next.tv_nsec += step;
        while (next.tv_nsec >= 1000000000L) {
            next.tv_nsec -= 1000000000L;
            next.tv_sec++;
        }
        /* while the microphone drives, nothing is due before it could count as quiet: sleep
         * until then (a wake-up each ~40 ms instead of each frame) */
        double quiet_at = atomic_load(&d->last_capture) + 2.2 * d->spf / b->down.rate;
        if (quiet_at > next.tv_sec + next.tv_nsec * 1e-9 && quiet_at - mono() < 1.0) {
            next.tv_sec = (time_t)quiet_at;
            next.tv_nsec = (long)((quiet_at - (double)next.tv_sec) * 1e9);
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
        double now = mono();
        if (now - atomic_load(&d->last_capture) > 2.2 * d->spf / b->down.rate)
            tick(b, NULL, 1);
        double due = next.tv_sec + next.tv_nsec * 1e-9;
        if (now - due > 0.1)                /* suspended or starved: no catch-up burst */
            clock_gettime(CLOCK_MONOTONIC, &next);
    }
    return NULL;
}

/* Start driving the conference's port 0; the timer thread runs from now on. */
API int fp_drive_start(bridge_t *b, void *master, void *put, void *get, void *reg,
                       void *isreg, int spf)
{
    drive_t *d = &b->drv;
    if (d->timer_started || !master || !put || !get || !reg || !isreg || spf <= 0 || spf > FRAME_MAX)
        return -1;
    pthread_mutex_init(&d->lock, NULL);
    d->put = (pjport_fn)put;
    d->get = (pjport_fn)get;
    d->reg = (pjreg_fn)reg;
    d->isreg = (pjisreg_fn)isreg;
    d->spf = spf;
    d->acc_n = 0;
    atomic_store(&d->last_capture, 0.0);
    atomic_store(&d->run, 1);
    d->master = master;
    if (pthread_create(&d->timer, NULL, timer_main, b) != 0) {
        d->master = NULL;
        return -2;
    }
    d->timer_started = 1;
    return 0;
}

/* Stop the timer thread and every further tick (streams must be closed first). */
API void fp_drive_stop(bridge_t *b)
{
    drive_t *d = &b->drv;
    if (!d->timer_started)
        return;
    atomic_store(&d->run, 0);
    pthread_join(d->timer, NULL);
    d->timer_started = 0;
    pthread_mutex_lock(&d->lock);
    d->master = NULL;
    pthread_mutex_unlock(&d->lock);
}

/* The headset ring's least margin follows what the output thread got: a real-time thread
 * (SCHED_FIFO, rtkit) keeps the margin the bridge was built with; one below real time (nice,
 * the short slice, nothing) is delayed by a loaded machine for longer than that margin covers
 * before lateness can widen it, so it never goes below UNRAISED_FLOOR_MS. Output thread only
 * (the ring's consumer owns its margin); rtkit's later grant lowers the floor again. */
static void down_floor(bridge_t *b)
{
    int kind = atomic_load_explicit(&b->prio[PRIO_OUTPUT].kind, memory_order_relaxed);
    ring_t *g = &b->down;
    int64_t floor = b->down_base;
    if (kind != PK_UNSET && kind != PK_FIFO && kind != PK_RTKIT) {
        int64_t unraised = (int64_t)g->rate * UNRAISED_FLOOR_MS / 1000;
        floor = unraised > floor ? unraised : floor;
    }
    if (g->min_margin != floor) {
        g->min_margin = floor;
        if (g->margin < floor)
            g->margin = floor;
    }
}

API int fp_unraised_floor_ms(void) { return UNRAISED_FLOOR_MS; }

/* PortAudio's PaStreamCallback; status flags: 0x2 input overflow, 0x4 output underflow */
static int out_cb(const void *in, void *out, unsigned long frames, const void *ti,
                  unsigned long flags, void *ud)
{
    (void)in; (void)ti;
    bridge_t *b = ud;
    float *o = out;
    prio_check(b, PRIO_OUTPUT);
    down_floor(b);
    double now = mono();
    b->st.out_calls++;
    b->st.out_last = now;
    if (flags & 0x4)
        b->st.pa_underflows++;
    if (b->st.live)
        ring_read(&b->down, o, (int64_t)frames, now);
    else
        memset(o, 0, frames * sizeof(float));
    int64_t wp = atomic_load_explicit(&b->whisper_pos, memory_order_relaxed);
    if (wp < b->whisper_len) {
        int64_t n = b->whisper_len - wp < (int64_t)frames ? b->whisper_len - wp : (int64_t)frames;
        for (int64_t i = 0; i < n; i++)
            o[i] += b->whisper[wp + i];
        /* a play request (pos = 0) that came meanwhile wins */
        atomic_compare_exchange_strong(&b->whisper_pos, &wp, wp + n);
    }
    extras_enter(b, U_HS);
    announce_hs(b, o, (int64_t)frames);
    extras_leave(b, U_HS);
    return 0;
}

static int in_cb(const void *in, void *out, unsigned long frames, const void *ti,
                 unsigned long flags, void *ud)
{
    (void)out; (void)ti;
    bridge_t *b = ud;
    prio_check(b, PRIO_INPUT);
    double now = mono();
    b->st.in_calls++;
    b->st.in_last = now;
    if (flags & 0x2)
        b->st.pa_overflows++;
    if (b->drv.master) {
        capture(b, in, (int64_t)frames, now);
        return 0;
    }
    if (!b->st.live || !in)
        return 0;
    if (b->st.muted) {
        static const float zeros[4096];
        int64_t left = (int64_t)frames;
        while (left > 0) {
            int64_t n = left < 4096 ? left : 4096;
            ring_write(&b->up, zeros, n, now);
            left -= n;
        }
    } else {
        ring_write(&b->up, in, (int64_t)frames, now);
    }
    return 0;
}

static int ring_cb(const void *in, void *out, unsigned long frames, const void *ti,
                   unsigned long flags, void *ud)
{
    (void)in; (void)ti; (void)flags;
    bridge_t *b = ud;
    float *o = out;
    prio_check(b, PRIO_RING);
    b->st.ring_calls++;
    b->st.ring_last = mono();
    if (!b->st.ringing || b->tone_len == 0) {
        memset(o, 0, frames * sizeof(float));
        b->tone_pos = 0;
        return 0;
    }
    int64_t pos = b->tone_pos, done = 0;
    while (done < (int64_t)frames) {
        int64_t n = (int64_t)frames - done < b->tone_len - pos ? (int64_t)frames - done : b->tone_len - pos;
        memcpy(o + done, b->tone + pos, (size_t)n * sizeof(float));
        done += n;
        pos = (pos + n) % b->tone_len;
    }
    b->tone_pos = pos;
    return 0;
}

static float *copy_sound(const float *x, int64_t n)
{
    if (n <= 0)
        return NULL;
    float *c = malloc((size_t)n * sizeof(float));
    if (c)
        memcpy(c, x, (size_t)n * sizeof(float));
    return c;
}

API bridge_t *fp_bridge_new(int rate, const float *ringtone, int64_t ringtone_len,
                            const float *whisper, int64_t whisper_len, double loud_dbfs,
                            double margin_ms)
{
    bridge_t *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    if (ring_init(&b->down, rate, 500, margin_ms, 60, 1000, 120) ||
        ring_init(&b->up, rate, 500, margin_ms, 60, 1000, 120)) {
        ring_free(&b->down);
        ring_free(&b->up);
        free(b);
        return NULL;
    }
    b->down_base = b->down.min_margin;
    b->name.ptr = (char *)PORT_NAME;   /* pj_str_t is not const; pjmedia only reads it */
    b->name.slen = (long)strlen(PORT_NAME);
    PORT_PDATA(&b->port) = b;
    b->port.put_frame = port_put_frame;
    b->port.get_frame = port_get_frame;
    b->tone = copy_sound(ringtone, ringtone_len);
    b->tone_len = b->tone ? ringtone_len : 0;
    b->whisper = copy_sound(whisper, whisper_len);
    b->whisper_len = b->whisper ? whisper_len : 0;
    atomic_store(&b->whisper_pos, b->whisper_len);
    b->st.loud = pow(10.0, loud_dbfs / 20.0);
    double now = mono();
    b->st.heard_last = b->st.sent_last = now;
    return b;
}

/* The port is handed to pjmedia, which may hold it past any "remove" (removal is
 * asynchronous): a bridge whose port was ever added is never freed (one per process). */
API void fp_bridge_free_unused(bridge_t *b)
{
    if (!b)
        return;
    ring_free(&b->down);
    ring_free(&b->up);
    free(b->tone);
    free(b->whisper);
    free(b->tap[0]);
    free(b->tap[1]);
    fp_announce_stop(b);
    fp_clip_set(b, 0, 1);
    free(b);
}

API state_t *fp_state(bridge_t *b) { return &b->st; }
API pjstr_t *fp_port_name(bridge_t *b) { return &b->name; }
API ring_t *fp_ring(bridge_t *b, int which) { return which ? &b->up : &b->down; }
API void *fp_callback(int which)
{
    return which == 0 ? (void *)out_cb : which == 1 ? (void *)in_cb : (void *)ring_cb;
}
API void fp_play_whisper(bridge_t *b) { atomic_store(&b->whisper_pos, 0); }
API int fp_whisper_busy(bridge_t *b)
{
    return atomic_load(&b->whisper_pos) < b->whisper_len;
}
API void fp_mark_sound(bridge_t *b)
{
    double now = mono();
    b->st.heard_last = b->st.sent_last = now;
}

API int fp_tap_enable(bridge_t *b)
{
    for (int i = 0; i < 2; i++)
        if (!b->tap[i] && !(b->tap[i] = calloc(1, sizeof(tap_t))))
            return -1;
    b->st.tap_on = 1;
    return 0;
}

/* Oldest unread frame of a direction (0 rx, 1 tx) into out (FRAME_MAX floats): its sample
 * count, 0 when none. Frames overwritten before they were read are skipped. */
API int fp_tap_pop(bridge_t *b, int dir, float *out, double *at)
{
    tap_t *t = b->tap[dir ? 1 : 0];
    if (!t)
        return 0;
    int64_t w = atomic_load_explicit(&t->w, memory_order_acquire);
    int64_t r = atomic_load_explicit(&t->r, memory_order_relaxed);
    if (w - r > TAP_FRAMES - 2)
        r = w - (TAP_FRAMES - 2);
    if (r >= w)
        return 0;
    int slot = (int)(r % TAP_FRAMES);
    int n = t->n[slot];
    memcpy(out, t->samples[slot], (size_t)n * sizeof(float));
    *at = t->t[slot];
    atomic_store_explicit(&t->r, r + 1, memory_order_relaxed);
    return n;
}

API double fp_monotonic(void) { return mono(); }

/* Threads raise their priority from their next run on (1), or leave it (0). */
API void fp_priority_want(bridge_t *b, int on) { atomic_store(&b->prio_want, on ? 1 : 0); }

/* A role's slot (0 output, 1 input, 2 ring, 3 timer): thread id, kind (PK_*), value, seq;
 * -1 for a role that does not exist. */
API int fp_priority(bridge_t *b, int role, int64_t *out)
{
    if (role < 0 || role >= PRIO_ROLES)
        return -1;
    prio_t *p = &b->prio[role];
    out[3] = atomic_load(&p->seq);
    out[0] = atomic_load(&p->tid);
    out[1] = atomic_load(&p->kind);
    out[2] = atomic_load(&p->value);
    return 0;
}

/* What rtkit gave a role's thread, asked for by fastpath.py: kept only while that thread is
 * still the role's latest (seq unchanged). */
API int fp_priority_note(bridge_t *b, int role, int64_t seq, int kind, int value)
{
    if (role < 0 || role >= PRIO_ROLES)
        return -1;
    prio_t *p = &b->prio[role];
    if (atomic_load(&p->seq) != seq)
        return -1;
    atomic_store(&p->kind, kind);
    atomic_store(&p->value, value);
    return 0;
}

/* ------------------------------------------------------------------ extras (SIP thread) */
/* after unpublishing a pointer: wait until no callback can still hold it; -1 after 1 s (a
 * callback that never returns: the caller then keeps the memory rather than free it) */
static int extras_quiesce(bridge_t *b)
{
    struct timespec pause = {0, 200000};
    for (int who = 0; who < USERS; who++)
        for (int i = 0; atomic_load(&b->users[who]); i++) {
            if (i > 5000)
                return -1;
            nanosleep(&pause, NULL);
        }
    return 0;
}

/* memset that the compiler may not drop before free() */
static void *(*volatile wipe)(void *, int, size_t) = memset;

/* End the announcement (the microphone, as muted or not, is heard again from the next frame). */
API void fp_announce_stop(bridge_t *b)
{
    announce_t *a = atomic_exchange(&b->ann, NULL);
    if (a && extras_quiesce(b) == 0) {
        free(a->pcm);
        free(a);
    }
}

/* Play pcm (len samples at the bridge's rate) to the caller from the next frame on, instead
 * of the microphone; the headset hears it at level. Replaces one that plays. 0, or -1. */
API int fp_announce_start(bridge_t *b, const float *pcm, int64_t len, double level)
{
    fp_announce_stop(b);
    announce_t *a = calloc(1, sizeof *a);
    if (!a || !(a->pcm = copy_sound(pcm, len))) {
        free(a);
        return -1;
    }
    a->len = len;
    a->level = (float)level;
    atomic_store(&b->ann, a);
    return 0;
}

/* out: the caller's position, the headset's, the length (samples), the monotonic time the
 * caller's side ended (0: not yet); returns 1 while one is published, else 0 */
API int fp_announce_state(bridge_t *b, double *out)
{
    announce_t *a = atomic_load(&b->ann);      /* only this (SIP) thread frees it */
    if (!a)
        return 0;
    out[0] = (double)atomic_load(&a->tx_pos);
    out[1] = (double)atomic_load(&a->hs_pos);
    out[2] = (double)a->len;
    out[3] = atomic_load(&a->tx_end);
    return 1;
}

/* Discard the clip (zeroed before it is freed) and, with cap > 0, start an empty one of cap
 * samples per channel, each the average of dec bridge samples. 0; -1 out of memory. */
API int fp_clip_set(bridge_t *b, int64_t cap, int dec)
{
    clip_t *old = atomic_exchange(&b->clip, NULL);
    if (old) {
        int idle = extras_quiesce(b) == 0;
        for (int i = 0; i < 2; i++) {
            if (old->ch[i])
                wipe(old->ch[i], 0, (size_t)old->cap * sizeof(int16_t));
            if (idle)
                free(old->ch[i]);
        }
        if (idle)
            free(old);
    }
    if (cap <= 0 || dec <= 0)
        return 0;
    clip_t *c = calloc(1, sizeof *c);
    if (!c || !(c->ch[0] = calloc((size_t)cap, sizeof(int16_t))) ||
        !(c->ch[1] = calloc((size_t)cap, sizeof(int16_t)))) {
        if (c)
            free(c->ch[0]);
        free(c);
        return -1;
    }
    c->cap = cap;
    c->dec = dec;
    atomic_store(&b->clip, c);
    return 0;
}

/* The clip's last samples (at most max per channel, fewer than cap) interleaved into out
 * (left: from the caller, right: to the caller); their count per channel; -1: no clip */
API int64_t fp_clip_take(bridge_t *b, int16_t *out, int64_t max)
{
    clip_t *c = atomic_load(&b->clip);         /* only this (SIP) thread frees it */
    if (!c)
        return -1;
    int64_t w0 = atomic_load_explicit(&c->w[0], memory_order_acquire);
    int64_t w1 = atomic_load_explicit(&c->w[1], memory_order_acquire);
    int64_t k = w0 < w1 ? w0 : w1;
    if (k > max)
        k = max;
    if (k > c->cap - 1)
        k = c->cap - 1;
    for (int64_t j = 0; j < k; j++) {
        out[2 * j] = c->ch[0][(w0 - k + j) % c->cap];
        out[2 * j + 1] = c->ch[1][(w1 - k + j) % c->cap];
    }
    return k;
}

/* ------------------------------------------------------------------ what this build is */
_Static_assert(offsetof(bridge_t, port) == 0, "the port's address is the bridge's");

API int fp_abi(void) { return (int)sizeof(pjport_t) * 1000 + (int)offsetof(pjport_t, get_frame); }
/* the pjproject version this was compiled for ("2.15": the hand-copied layout) */
API const char *fp_pj_version(void) { return FP_PJ_VERSION; }
API const char *fp_build_id(void) { return FP_BUILD_ID; }
/* 1: compiled against pjproject's headers; 0: the hand-copied 2.15 layout */
API int fp_with_headers(void)
{
#ifdef FP_PJ_HEADERS
    return 1;
#else
    return 0;
#endif
}
/* sizeof(pjmedia_port), offsetof put_frame, offsetof get_frame, sizeof(pjmedia_frame) */
API void fp_layout(int64_t *out)
{
    out[0] = (int64_t)sizeof(pjport_t);
    out[1] = (int64_t)offsetof(pjport_t, put_frame);
    out[2] = (int64_t)offsetof(pjport_t, get_frame);
    out[3] = (int64_t)sizeof(pjframe_t);
}
/* a port's audio format: clock rate, channels, frame time (us), bits per sample; -1: not audio */
API int fp_port_format(void *port, unsigned *out) { return port_format(port, out); }
