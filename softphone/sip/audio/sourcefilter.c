/* The SIP source filter: a pjsip module that refuses requests from anywhere but the line's
 * registrar or outbound proxy, before pjsua allocates anything for them.
 *
 * Built by `python -m softphone.resources_build` into _sourcefilter.so, only against the
 * pjproject headers of the installed pjsua2 (scripts/pjsua2_build.py caches them): every field
 * read here (pjsip_rx_data, pjsip_msg, pjsip_transport, pj_sockaddr) comes from those headers,
 * none from a hand-copied layout. Without them (the PyPI wheel) there is no library and
 * softphone/sip/source_filter.py logs that the filter is off. The library is stamped with the
 * pjproject version and the pjsua2 build key it was compiled for (sf_pj_version, sf_build_key);
 * source_filter.py compares both with the running pjsua2 before use, and the first request
 * checks the layout once more against pjsip's own pjsip_rx_data_get_info().
 *
 * No pjproject symbol is linked: pjsip_endpt_respond_stateless and pjsip_rx_data_get_info are
 * handed over by address (ctypes) from the very library pjsua2 runs (sf_init), like
 * fastpath.c. source_filter.py registers the module (sf_module) with the endpoint.
 *
 * Where it sits: priority 30, after the transaction layer (16: retransmissions of requests we
 * already handle never reach it) and ahead of the dialog layer (32), of guard.py's modules
 * (31, 40) and of pjsua (64), which sets up a call's media before onIncomingCall. It judges
 * only out-of-dialog requests (no To tag, not CANCEL; REGISTER always), exactly the ones the
 * dialog layer passes on: requests inside a dialog (a BYE from a callee we dialled directly)
 * go to the dialog layer, which answers 481 when there is no such dialog, and a CANCEL is
 * matched to its INVITE's transaction there.
 *
 * A request from elsewhere is answered:
 *   - INVITE: 403, statelessly (any transport): a final answer stops the sender's
 *     retransmissions (answering costs less than seven retransmissions) and tells a
 *     misrouted sender why; the ACK of that 403 has our To tag and ends in the dialog layer;
 *   - ACK: never answered;
 *   - anything else over UDP: dropped in silence (an OPTIONS scan sees nothing, and a forged
 *     source address gets no reflected traffic);
 *   - anything else over TCP/TLS (a connection: the address is not forged): 403.
 *
 * Threads: pjsua runs with threadCnt=0 and mainThreadOnly, so on_rx_request and the sf_*
 * configuration calls all run on the SIP thread; the counters are atomics, read from any.
 */
#define _DEFAULT_SOURCE             /* pjlib's string.h calls bzero() */
#include <pjsip.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define API __attribute__((visibility("default")))
#define SF_PRIORITY (PJSIP_MOD_PRIORITY_UA_PROXY_LAYER - 2)     /* 30 */
#define SF_MAX_ALLOWED 32

_Static_assert(SF_PRIORITY > PJSIP_MOD_PRIORITY_TSX_LAYER, "after the transaction layer");
_Static_assert(SF_PRIORITY < PJSIP_MOD_PRIORITY_UA_PROXY_LAYER, "ahead of the dialog layer");

/* the version these headers describe, spelled as pjlib's config.c spells PJ_VERSION */
#define SF_STR1(x) #x
#define SF_STR(x) SF_STR1(x)
#if PJ_VERSION_NUM_REV
#define SF_PJ_VERSION SF_STR(PJ_VERSION_NUM_MAJOR) "." SF_STR(PJ_VERSION_NUM_MINOR) "." \
    SF_STR(PJ_VERSION_NUM_REV) PJ_VERSION_NUM_EXTRA
#else
#define SF_PJ_VERSION SF_STR(PJ_VERSION_NUM_MAJOR) "." SF_STR(PJ_VERSION_NUM_MINOR) \
    PJ_VERSION_NUM_EXTRA
#endif
#ifndef SF_BUILD_KEY
#define SF_BUILD_KEY "unknown"      /* the pjsua2 build key (scripts/pjsua2_build.py) */
#endif
#ifndef SF_BUILD_ID
#define SF_BUILD_ID "dev"
#endif
/* found in the file by resources_build (is the library up to date?) without loading it */
__attribute__((used)) static const char BUILD_TAG[] = "sourcefilter-build:" SF_BUILD_ID ";";

/* the signatures of the functions source_filter.py hands over, from pjsip's own prototypes */
typedef __typeof__(&pjsip_endpt_respond_stateless) respond_fn;
typedef __typeof__(&pjsip_rx_data_get_info) info_fn;

typedef struct {
    int family;                     /* the running pjlib's PJ_AF_INET / PJ_AF_INET6 value */
    int port;
    unsigned char addr[16];         /* network order: 4 bytes (IPv4) or 16 (IPv6) */
} allowed_t;

enum { C_PASSED, C_OTHER_SOURCE, C_INVITE_403, C_OTHER_403, C_DROPPED, C_IN_DIALOG, C_N };

static struct {
    respond_fn respond;
    info_fn info;
    pjsip_endpoint *endpt;
    int af_inet, af_inet6;
    int enabled;                    /* a registrar or proxy is set and the setting is on */
    int n;
    allowed_t allowed[SF_MAX_ALLOWED];
    int layout_checked;             /* 0 not yet, 1 good, -1 bad: the filter stands aside */
    char last_refused[PJ_INET6_ADDRSTRLEN + 8];
    _Atomic long long counters[C_N];
} sf;

static pj_bool_t on_rx_request(pjsip_rx_data *rdata);

static pjsip_module mod = {
    .name = { "mod-softphone-source", 20 },
    .id = -1,
    .priority = SF_PRIORITY,
    .on_rx_request = &on_rx_request,        /* requests only: responses always pass */
};

static void count(int which) { atomic_fetch_add(&sf.counters[which], 1); }

/* Our reading of the request against pjsip's own description of it ("Request msg
 * INVITE/cseq=1 (rdata0x...)", with "/call-id=.../to=..." before the parenthesis when
 * PJSIP_MSG_INFO_HAS_EXTRA_DETAILS): the method, the CSeq and the rdata's address. */
static int layout_agrees(pjsip_rx_data *rdata)
{
    const char *text = sf.info ? sf.info(rdata) : NULL;
    const pjsip_msg *msg = rdata->msg_info.msg;
    char head[128], tail[48];
    if (!text || !msg || msg->type != PJSIP_REQUEST_MSG || !rdata->msg_info.cseq
        || !rdata->msg_info.to)
        return 0;
    const pj_str_t *name = &msg->line.req.method.name;
    if (name->slen <= 0 || name->slen > 64)
        return 0;
    int hn = snprintf(head, sizeof head, "Request msg %.*s/cseq=%d", (int)name->slen,
                      name->ptr, rdata->msg_info.cseq->cseq);
    int tn = snprintf(tail, sizeof tail, " (rdata%p)", (void *)rdata);
    size_t len = strlen(text);
    if (hn <= 0 || tn <= 0 || len < (size_t)(hn + tn) || strncmp(text, head, (size_t)hn) != 0)
        return 0;
    return (text[hn] == ' ' || text[hn] == '/') && strcmp(text + len - tn, tail) == 0;
}

static int from_allowed(const pjsip_rx_data *rdata)
{
    const pj_sockaddr *src = &rdata->pkt_info.src_addr;
    int family = src->addr.sa_family, port = rdata->pkt_info.src_port;
    const void *bytes;
    size_t len;
    if (family == sf.af_inet) {
        bytes = &src->ipv4.sin_addr;
        len = 4;
    } else if (family == sf.af_inet6) {
        bytes = &src->ipv6.sin6_addr;
        len = 16;
    } else {
        return 0;
    }
    for (int i = 0; i < sf.n; i++) {
        const allowed_t *a = &sf.allowed[i];
        if (a->family == family && a->port == port && memcmp(a->addr, bytes, len) == 0)
            return 1;
    }
    return 0;
}

static pj_bool_t on_rx_request(pjsip_rx_data *rdata)
{
    if (!sf.enabled || sf.layout_checked < 0)
        return PJ_FALSE;
    if (sf.layout_checked == 0)
        sf.layout_checked = layout_agrees(rdata) ? 1 : -1;
    if (sf.layout_checked < 0)
        return PJ_FALSE;
    const pjsip_msg *msg = rdata->msg_info.msg;
    pjsip_method_e method = msg->line.req.method.id;
    if (method != PJSIP_REGISTER_METHOD
        && (rdata->msg_info.to->tag.slen != 0 || method == PJSIP_CANCEL_METHOD)) {
        count(C_IN_DIALOG);
        return PJ_FALSE;                    /* the dialog layer's (481 when no dialog) */
    }
    if (from_allowed(rdata)) {
        count(C_PASSED);
        return PJ_FALSE;
    }
    count(C_OTHER_SOURCE);
    snprintf(sf.last_refused, sizeof sf.last_refused, "%s:%d", rdata->pkt_info.src_name,
             rdata->pkt_info.src_port);
    pjsip_transport *tp = rdata->tp_info.transport;
    int datagram = tp && (tp->flag & PJSIP_TRANSPORT_DATAGRAM);
    if (method == PJSIP_ACK_METHOD || (datagram && method != PJSIP_INVITE_METHOD)) {
        count(C_DROPPED);
        return PJ_TRUE;
    }
    count(method == PJSIP_INVITE_METHOD ? C_INVITE_403 : C_OTHER_403);
    if (sf.respond && sf.endpt)
        sf.respond(sf.endpt, rdata, PJSIP_SC_FORBIDDEN, NULL, NULL, NULL);
    return PJ_TRUE;
}

/* ------------------------------------------------------------------ the Python side */
API const char *sf_pj_version(void) { return SF_PJ_VERSION; }
API const char *sf_build_key(void) { return SF_BUILD_KEY; }
API const char *sf_build_id(void) { return SF_BUILD_ID; }
API int sf_priority(void) { return SF_PRIORITY; }
API pjsip_module *sf_module(void) { return &mod; }
API int sf_module_id(void) { return mod.id; }

/* The functions and constants of the running library, and its endpoint (after libStart). */
API void sf_init(void *respond, void *info, void *endpt, int af_inet, int af_inet6)
{
    if (sf.endpt != (pjsip_endpoint *)endpt)
        sf.layout_checked = 0;              /* a new endpoint: check its first request */
    sf.respond = (respond_fn)respond;
    sf.info = (info_fn)info;
    sf.endpt = (pjsip_endpoint *)endpt;
    sf.af_inet = af_inet;
    sf.af_inet6 = af_inet6;
}

/* Which sources count: ``n`` entries of (family, port, 16 address bytes); enabled=0 passes all. */
API int sf_configure(int enabled, int n, const int *families, const int *ports,
                     const unsigned char *addrs)
{
    if (n < 0 || n > SF_MAX_ALLOWED)
        return -1;
    sf.enabled = 0;
    for (int i = 0; i < n; i++) {
        sf.allowed[i].family = families[i];
        sf.allowed[i].port = ports[i];
        memcpy(sf.allowed[i].addr, addrs + 16 * i, 16);
    }
    sf.n = n;
    sf.enabled = enabled ? 1 : 0;
    return 0;
}

/* counters (C_N of them, in the enum's order), the layout check, the last refused source */
API int sf_stats(long long *out, char *last, int last_len)
{
    for (int i = 0; i < C_N; i++)
        out[i] = atomic_load(&sf.counters[i]);
    if (last && last_len > 0)
        snprintf(last, (size_t)last_len, "%s", sf.last_refused);
    return sf.layout_checked;
}

API int sf_max_allowed(void) { return SF_MAX_ALLOWED; }
