/* The call's sound streams straight on PulseAudio (Linux), for devices that are PulseAudio
 * anyway: an ALSA PCM of type "pulse" (the system's "default" and "pulse" on a desktop, or a
 * named one). Through PortAudio such a device costs two threads and three hand-offs per
 * block (PortAudio's ALSA thread, the ALSA pulse plugin's own libpulse main loop and their
 * pipes); here one libpulse thread per stream calls fastpath.c's PortAudio-style callback
 * directly, with the same block sizes. pulsepath.py wraps it; nothing here touches Python.
 *
 * Build: softphone/resources_build.py (cc ... -lpulse -lasound), never at app start-up.
 */
#define _GNU_SOURCE
#include <alsa/asoundlib.h>
#include <pulse/pulseaudio.h>
#include <pulse/rtclock.h>
#include <pulse/thread-mainloop.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef PP_BUILD_ID
#define PP_BUILD_ID "dev"
#endif
#define API __attribute__((visibility("default")))

__attribute__((used)) static const char BUILD_TAG[] = "pulsepath-build:" PP_BUILD_ID ";";

/* PortAudio's PaStreamCallback, which fastpath.c's callbacks are */
typedef int (*pp_cb)(const void *in, void *out, unsigned long frames, const void *ti,
                     unsigned long flags, void *ud);

enum { PP_INPUT = 0, PP_OUTPUT = 1 };
/* A server that takes the connection and then says nothing must not hold the caller (the
 * device keeper's thread) for ever: opening gives up after this, asking the latency too. */
#define OPEN_TIMEOUT_US (3 * PA_USEC_PER_SEC)
#define ASK_TIMEOUT_US (1 * PA_USEC_PER_SEC)
#define PA_INPUT_OVERFLOW 0x2
#define PA_OUTPUT_UNDERFLOW 0x4

typedef struct {
    pa_threaded_mainloop *ml;
    pa_context *ctx;
    pa_stream *s;
    int kind;
    pp_cb cb;
    void *ud;
    unsigned block;            /* frames per callback */
    unsigned rate;
    float *acc;                /* input: samples gathered towards one block */
    unsigned have;
    atomic_uint flags;         /* PortAudio status flags for the next callback */
    atomic_int running;        /* callbacks reach fastpath.c only while started */
    atomic_int failed;         /* the context or the stream died */
    int op_done;
    int timed_out;             /* a wait below ran past its deadline */
    /* output: the server's buffer target (tlength, bytes) grows a block at each underflow
     * up to tl_max and shrinks back a block after each calm_us without one (main loop thread) */
    uint32_t tl_base, tl_cur, tl_max, tl_step;
    pa_usec_t calm_us, calm_since;
    atomic_uint grows;         /* underflows that grew the target */
    atomic_uint target_bytes;  /* tl_cur, readable from any thread */
    char error[160];
} pp_t;


API const char *pp_build_id(void) { return PP_BUILD_ID; }

/* ------------------------------------------------------------------ ALSA names */

/* Is the ALSA PCM ``name`` PulseAudio's plugin? 1 with its device in ``out`` ("" = the
 * server's default), 0 when it is another kind of PCM or names another server, -1 when
 * ALSA does not know it. The same definition lookup ALSA itself does when opening it. */
API int pp_alsa_pulse_device(const char *name, char *out, size_t outlen)
{
    snd_config_t *top = NULL, *conf = NULL, *node;
    const char *type = NULL, *dev = NULL;
    int ret = -1;
    if (!name || !out || outlen == 0 || snd_config_update_ref(&top) < 0)
        return -1;
    if (snd_config_search_definition(top, "pcm", name, &conf) < 0)
        goto done;
    ret = 0;
    if (snd_config_search(conf, "type", &node) < 0 || snd_config_get_string(node, &type) < 0 ||
        strcmp(type, "pulse") != 0)
        goto done;
    if (snd_config_search(conf, "server", &node) == 0)
        goto done;                                 /* another server: leave it to ALSA */
    if (snd_config_search(conf, "device", &node) == 0 && snd_config_get_string(node, &dev) < 0)
        goto done;
    if (dev && strlen(dev) >= outlen)
        goto done;
    snprintf(out, outlen, "%s", dev ? dev : "");
    ret = 1;
done:
    if (conf)
        snd_config_delete(conf);
    snd_config_unref(top);
    return ret;
}

/* ------------------------------------------------------------------ libpulse callbacks */

static void fail(pp_t *p, const char *what)
{
    if (!atomic_exchange(&p->failed, 1))
        snprintf(p->error, sizeof p->error, "%s: %s", what,
                 pa_strerror(pa_context_errno(p->ctx)));
    pa_threaded_mainloop_signal(p->ml, 0);
}

/* A state change: a dead context or stream fails the waits below, any other wakes them. */
static void state_changed(pp_t *p, int dead, const char *what)
{
    if (dead)
        fail(p, what);
    else
        pa_threaded_mainloop_signal(p->ml, 0);
}

static void context_state(pa_context *c, void *ud)
{
    pa_context_state_t st = pa_context_get_state(c);
    state_changed(ud, st == PA_CONTEXT_FAILED || st == PA_CONTEXT_TERMINATED,
                  "sound server connection");
}

static void stream_state(pa_stream *s, void *ud)
{
    pa_stream_state_t st = pa_stream_get_state(s);
    state_changed(ud, st == PA_STREAM_FAILED || st == PA_STREAM_TERMINATED, "sound stream");
}

/* A new buffer target (main loop thread, locked): the server adjusts its latency to it. */
static void set_target(pp_t *p, uint32_t tl)
{
    pa_buffer_attr attr = {(uint32_t)-1, tl, (uint32_t)-1, p->tl_step, (uint32_t)-1};
    pa_operation *op = pa_stream_set_buffer_attr(p->s, &attr, NULL, NULL);
    if (op)
        pa_operation_unref(op);
    p->tl_cur = tl;
    atomic_store(&p->target_bytes, tl);
    p->calm_since = pa_rtclock_now();
}

static void underflow(pa_stream *s, void *ud)
{
    (void)s;
    pp_t *p = ud;
    atomic_fetch_or(&p->flags, PA_OUTPUT_UNDERFLOW);
    if (!atomic_load(&p->running))
        return;
    p->calm_since = pa_rtclock_now();
    if (p->tl_cur < p->tl_max) {             /* our writes came late: keep more queued */
        uint32_t tl = p->tl_cur + p->tl_step;
        set_target(p, tl < p->tl_max ? tl : p->tl_max);
        atomic_fetch_add(&p->grows, 1);
    }
}

/* Calm for a while: give one block of the margin back (called before each write). */
static void maybe_shrink(pp_t *p)
{
    if (p->tl_cur <= p->tl_base || pa_rtclock_now() - p->calm_since < p->calm_us)
        return;
    uint32_t tl = p->tl_cur - p->tl_step;
    set_target(p, tl > p->tl_base ? tl : p->tl_base);
}

static void overflow(pa_stream *s, void *ud)
{
    (void)s;
    atomic_fetch_or(&((pp_t *)ud)->flags, PA_INPUT_OVERFLOW);
}

static void on_write(pa_stream *s, size_t nbytes, void *ud)
{
    pp_t *p = ud;
    size_t bytes = (size_t)p->block * sizeof(float);
    maybe_shrink(p);
    while (nbytes >= bytes) {
        void *data = NULL;
        size_t n = bytes;
        if (pa_stream_begin_write(s, &data, &n) < 0 || !data)
            return;
        if (n < bytes) {                     /* the server's buffer is smaller: ours then */
            pa_stream_cancel_write(s);
            data = p->acc;
        }
        if (atomic_load(&p->running))
            p->cb(NULL, data, p->block, NULL, atomic_exchange(&p->flags, 0), p->ud);
        else
            memset(data, 0, bytes);
        if (pa_stream_write(s, data, bytes, NULL, 0, PA_SEEK_RELATIVE) < 0)
            return;
        nbytes -= bytes;
    }
}

static void feed(pp_t *p, const float *x, size_t n)
{
    while (n > 0) {
        size_t take = p->block - p->have < n ? p->block - p->have : n;
        if (x)
            memcpy(p->acc + p->have, x, take * sizeof(float));
        else
            memset(p->acc + p->have, 0, take * sizeof(float));   /* a hole in the stream */
        p->have += (unsigned)take;
        if (x)
            x += take;
        n -= take;
        if (p->have == p->block) {
            p->have = 0;
            if (atomic_load(&p->running))
                p->cb(p->acc, NULL, p->block, NULL, atomic_exchange(&p->flags, 0), p->ud);
        }
    }
}

static void on_read(pa_stream *s, size_t nbytes, void *ud)
{
    (void)nbytes;
    pp_t *p = ud;
    for (;;) {
        const void *data = NULL;
        size_t n = 0;
        if (pa_stream_peek(s, &data, &n) < 0 || n == 0)
            return;
        feed(p, data, n / sizeof(float));
        pa_stream_drop(s);
    }
}

static void op_done(pa_stream *s, int ok, void *ud)
{
    (void)s; (void)ok;
    pp_t *p = ud;
    p->op_done = 1;
    pa_threaded_mainloop_signal(p->ml, 0);
}

static void deadline_hit(pa_mainloop_api *api, pa_time_event *e, const struct timeval *tv,
                         void *ud)
{
    (void)api; (void)e; (void)tv;
    pp_t *p = ud;
    p->timed_out = 1;
    pa_threaded_mainloop_signal(p->ml, 0);
}

/* A deadline ``usec`` from now for the waits below (main loop locked); NULL if none. */
static pa_time_event *deadline(pp_t *p, pa_usec_t usec)
{
    p->timed_out = 0;
    return pa_context_rttime_new(p->ctx, pa_rtclock_now() + usec, deadline_hit, p);
}

static void deadline_off(pp_t *p, pa_time_event *e)
{
    if (e)
        pa_threaded_mainloop_get_api(p->ml)->time_free(e);
}

/* ------------------------------------------------------------------ the stream */

static void teardown(pp_t *p)
{
    if (p->ml)
        pa_threaded_mainloop_stop(p->ml);
    if (p->s) {
        pa_stream_set_state_callback(p->s, NULL, NULL);
        pa_stream_disconnect(p->s);
        pa_stream_unref(p->s);
    }
    if (p->ctx) {
        pa_context_set_state_callback(p->ctx, NULL, NULL);
        pa_context_disconnect(p->ctx);
        pa_context_unref(p->ctx);
    }
    if (p->ml)
        pa_threaded_mainloop_free(p->ml);
    free(p->acc);
    free(p);
}

/* Wait (main loop locked) until ``ready`` says so or something failed; 0 when ready. */
static int wait_ready(pp_t *p, int stream)
{
    for (;;) {
        if (p->timed_out && !atomic_exchange(&p->failed, 1))
            snprintf(p->error, sizeof p->error, "the sound server did not answer within %d s",
                     (int)(OPEN_TIMEOUT_US / PA_USEC_PER_SEC));
        if (atomic_load(&p->failed))
            return -1;
        if (stream ? pa_stream_get_state(p->s) == PA_STREAM_READY
                   : pa_context_get_state(p->ctx) == PA_CONTEXT_READY)
            return 0;
        pa_threaded_mainloop_wait(p->ml);
    }
}

/* Open a corked stream; ``device`` NULL or "" is the server's default. ``target_ms`` is the
 * playback buffer (input: ignored; it hands over one block at a time). NULL with the reason
 * in ``why`` when it cannot open. */
API pp_t *pp_open(int kind, const char *device, unsigned rate, unsigned block,
                  double target_ms, const char *app_name, pp_cb cb, void *ud,
                  char *why, size_t whylen)
{
    pp_t *p = calloc(1, sizeof *p);
    if (!p || !cb || block == 0 || rate == 0) {
        snprintf(why, whylen, "bad arguments");
        free(p);
        return NULL;
    }
    p->kind = kind, p->cb = cb, p->ud = ud, p->block = block, p->rate = rate;
    p->acc = calloc(block, sizeof(float));
    p->ml = pa_threaded_mainloop_new();
    if (!p->acc || !p->ml) {
        snprintf(why, whylen, "out of memory");
        teardown(p);
        return NULL;
    }
    pa_threaded_mainloop_set_name(p->ml, kind == PP_INPUT ? "pulse-mic" : "pulse-out");
    p->ctx = pa_context_new(pa_threaded_mainloop_get_api(p->ml), app_name);
    if (!p->ctx) {
        snprintf(why, whylen, "no sound server context");
        teardown(p);
        return NULL;
    }
    pa_context_set_state_callback(p->ctx, context_state, p);
    pa_threaded_mainloop_lock(p->ml);
    pa_time_event *limit = deadline(p, OPEN_TIMEOUT_US);
    int bad = pa_context_connect(p->ctx, NULL, PA_CONTEXT_NOAUTOSPAWN, NULL) < 0 ||
              pa_threaded_mainloop_start(p->ml) < 0;
    if (bad || wait_ready(p, 0) < 0) {
        snprintf(why, whylen, "%s", p->error[0] ? p->error : "sound server unreachable");
        deadline_off(p, limit);
        pa_threaded_mainloop_unlock(p->ml);
        teardown(p);
        return NULL;
    }
    pa_sample_spec ss = {PA_SAMPLE_FLOAT32LE, rate, 1};
    p->s = pa_stream_new(p->ctx, kind == PP_INPUT ? "call microphone" : "call sound", &ss, NULL);
    if (!p->s) {
        snprintf(why, whylen, "stream: %s", pa_strerror(pa_context_errno(p->ctx)));
        deadline_off(p, limit);
        pa_threaded_mainloop_unlock(p->ml);
        teardown(p);
        return NULL;
    }
    uint32_t bb = block * (uint32_t)sizeof(float);
    pa_buffer_attr attr = {(uint32_t)-1, (uint32_t)-1, (uint32_t)-1, (uint32_t)-1, (uint32_t)-1};
    pa_stream_flags_t fl = PA_STREAM_ADJUST_LATENCY;
    pa_stream_set_state_callback(p->s, stream_state, p);
    const char *dev = device && device[0] ? device : NULL;
    int rc;
    if (kind == PP_INPUT) {
        attr.fragsize = bb;
        pa_stream_set_read_callback(p->s, on_read, p);
        pa_stream_set_overflow_callback(p->s, overflow, p);
        rc = pa_stream_connect_record(p->s, dev, &attr, fl);
    } else {
        uint32_t t = (uint32_t)(target_ms * rate / 1000.0) * (uint32_t)sizeof(float);
        attr.tlength = t > bb ? t : 2 * bb;
        attr.minreq = bb;
        p->tl_base = p->tl_cur = attr.tlength;
        p->tl_max = attr.tlength;              /* no growth until pp_adapt says how much */
        p->tl_step = bb;
        p->calm_us = 30 * PA_USEC_PER_SEC;
        p->calm_since = pa_rtclock_now();
        atomic_store(&p->target_bytes, attr.tlength);
        pa_stream_set_write_callback(p->s, on_write, p);
        pa_stream_set_underflow_callback(p->s, underflow, p);
        rc = pa_stream_connect_playback(p->s, dev, &attr, fl, NULL, NULL);
    }
    if (rc < 0 || wait_ready(p, 1) < 0) {
        snprintf(why, whylen, "%s", p->error[0] ? p->error :
                 pa_strerror(pa_context_errno(p->ctx)));
        deadline_off(p, limit);
        pa_threaded_mainloop_unlock(p->ml);
        teardown(p);
        return NULL;
    }
    deadline_off(p, limit);
    pa_threaded_mainloop_unlock(p->ml);
    return p;
}

static int cork(pp_t *p, int on)
{
    pa_threaded_mainloop_lock(p->ml);
    int ok = 0;
    pa_operation *op = atomic_load(&p->failed) ? NULL : pa_stream_cork(p->s, on, NULL, NULL);
    if (op) {
        pa_operation_unref(op);
        ok = 1;
    }
    pa_threaded_mainloop_unlock(p->ml);
    return ok ? 0 : -1;
}

API int pp_start(pp_t *p)
{
    atomic_store(&p->running, 1);
    return cork(p, 0);
}

/* Callbacks stop reaching fastpath.c at once; the stream stays connected until pp_close. */
API int pp_stop(pp_t *p)
{
    atomic_store(&p->running, 0);
    return cork(p, 1);
}

/* 1 while started and connected, 0 stopped, -1 failed (the server or the device went away) */
API int pp_active(pp_t *p)
{
    if (atomic_load(&p->failed))
        return -1;
    return atomic_load(&p->running);
}

API const char *pp_error(pp_t *p) { return p->error; }

/* Output: the server buffer target now (ms) and how many underflows grew it. */
API double pp_target_ms(pp_t *p)
{
    return atomic_load(&p->target_bytes) / (double)sizeof(float) * 1000.0 / p->rate;
}

API unsigned pp_grows(pp_t *p) { return atomic_load(&p->grows); }

/* Output: grow at most to ``max_ms``; give a block back after ``calm_ms`` without underflow. */
API void pp_adapt(pp_t *p, double max_ms, double calm_ms)
{
    pa_threaded_mainloop_lock(p->ml);
    uint32_t mx = (uint32_t)(max_ms * p->rate / 1000.0) * (uint32_t)sizeof(float);
    p->tl_max = mx > p->tl_base ? mx : p->tl_base;
    p->calm_us = (pa_usec_t)(calm_ms * 1000.0);
    pa_threaded_mainloop_unlock(p->ml);
}

/* The stream's whole latency now (buffered here and in the server, plus the device's), in
 * seconds; -1 when the server does not say within its answer. */
API double pp_latency(pp_t *p)
{
    pa_usec_t us = 0;
    int neg = 0;
    double out = -1;
    pa_threaded_mainloop_lock(p->ml);
    p->op_done = 0;
    pa_operation *op = atomic_load(&p->failed) ? NULL :
        pa_stream_update_timing_info(p->s, op_done, p);
    if (op) {
        pa_time_event *limit = deadline(p, ASK_TIMEOUT_US);
        while (!p->op_done && !p->timed_out && !atomic_load(&p->failed) &&
               pa_operation_get_state(op) == PA_OPERATION_RUNNING)
            pa_threaded_mainloop_wait(p->ml);
        deadline_off(p, limit);
        if (!p->op_done)
            pa_operation_cancel(op);
        pa_operation_unref(op);
        if (p->op_done && pa_stream_get_latency(p->s, &us, &neg) == 0)
            out = neg ? 0.0 : us / 1e6;
    }
    pa_threaded_mainloop_unlock(p->ml);
    return out;
}

API void pp_close(pp_t *p)
{
    if (!p)
        return;
    atomic_store(&p->running, 0);
    teardown(p);
}
