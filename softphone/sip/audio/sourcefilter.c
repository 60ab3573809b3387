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
 *
 * The same module is also the transaction user of the line probe (lp_*, at the end, used by
 * softphone/sip/probe.py and health.py): an out-of-dialog OPTIONS built by pjsua for the
 * line's account, answered within a deadline or reported as unanswered, with digest
 * authentication by pjsip's own client (a 401/407 is answered once with the line's password).
 */
#define _DEFAULT_SOURCE             /* pjlib's string.h calls bzero() */
#include <pjsip.h>
#include <pjsua-lib/pjsua.h>
#include <time.h>
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
static void lp_on_tsx_state(pjsip_transaction *tsx, pjsip_event *e);

static pjsip_module mod = {
    .name = { "mod-softphone-source", 20 },
    .id = -1,
    .priority = SF_PRIORITY,
    .on_rx_request = &on_rx_request,        /* requests only: responses always pass */
    .on_tsx_state = &lp_on_tsx_state,       /* only the line probe's own transactions */
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

/* ------------------------------------------------------------------ the request guard
 * guard.py's two modules (priorities 31 and 40) judge requests in Python; registered through
 * these entries, they are called only for requests they may refuse: INVITE, ACK and OPTIONS
 * always go on to pjsua, so an INVITE never waits for the GIL (nor a Python call) there. */
typedef pj_bool_t (*rx_fn)(pjsip_rx_data *rdata);
static rx_fn guard_py[2];

static pj_bool_t guard_call(int which, pjsip_rx_data *rdata)
{
    const pjsip_msg *msg = rdata->msg_info.msg;
    if (sf.layout_checked >= 0 && msg && msg->type == PJSIP_REQUEST_MSG) {
        pjsip_method_e m = msg->line.req.method.id;
        if (m == PJSIP_INVITE_METHOD || m == PJSIP_ACK_METHOD || m == PJSIP_OPTIONS_METHOD)
            return PJ_FALSE;
    }
    return guard_py[which] ? guard_py[which](rdata) : PJ_FALSE;
}

static pj_bool_t guard_early(pjsip_rx_data *rdata) { return guard_call(0, rdata); }
static pj_bool_t guard_late(pjsip_rx_data *rdata) { return guard_call(1, rdata); }

/* the on_rx_request to register for guard.py's module `which` (0 early, 1 late), which calls
 * `python` (that module's own callback) for every request but INVITE, ACK and OPTIONS */
API void *sf_guard_entry(int which, void *python)
{
    if (which < 0 || which > 1)
        return NULL;
    guard_py[which] = (rx_fn)python;
    return which ? (void *)&guard_late : (void *)&guard_early;
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

/* ------------------------------------------------------------------ the line probe
 *
 * lp_send() sends one OPTIONS to ``target`` for pjsua account ``acc_id`` (pjsua builds it:
 * From the line's AOR, its route set and transport) as a transaction of this module. A
 * 401/407 is answered once through a pjsip auth session holding the line's credentials
 * (lp_credentials), if the deadline has not passed. lp_expire() at the deadline (the
 * caller's timer) ends a transaction still waiting (pjsip_tsx_terminate, 408: a dead path
 * costs a few retransmissions, not Timer F's 32 s; pjsip_tsx_terminate_async2 would set the
 * final status at once and trip the retransmission timer's assertion). The result goes to
 * the ``done`` callback given to lp_init, on the SIP thread, exactly once per token: (token,
 * final status code, heard) where ``heard`` says whether anything came back from the
 * network (a challenge, a final response) as opposed to the deadline or a transport error.
 * A slot's ``tsx`` is set only while its transaction has not ended: a transaction reaches
 * on_tsx_state with a final state before pjsip destroys it, and that clears ``tsx``. The
 * pjsip functions are handed over by address, like sf_init's, from the very library pjsua2
 * runs: no pjproject symbol is linked here. */

typedef __typeof__(&pjsua_acc_create_request) lp_acc_request_fn;
typedef __typeof__(&pjsip_tsx_create_uac) lp_tsx_create_fn;
typedef __typeof__(&pjsip_tsx_set_transport) lp_tsx_transport_fn;
typedef __typeof__(&pjsip_tsx_send_msg) lp_tsx_send_fn;
typedef __typeof__(&pjsip_tsx_terminate) lp_tsx_terminate_fn;
typedef __typeof__(&pjsip_tx_data_dec_ref) lp_dec_ref_fn;
typedef __typeof__(&pjsip_auth_clt_init) lp_auth_init_fn;
typedef __typeof__(&pjsip_auth_clt_deinit) lp_auth_deinit_fn;
typedef __typeof__(&pjsip_auth_clt_set_credentials) lp_auth_cred_fn;
typedef __typeof__(&pjsip_auth_clt_reinit_req) lp_auth_reinit_fn;
typedef __typeof__(&pjsip_endpt_create_pool) lp_pool_fn;
typedef __typeof__(&pjsip_endpt_release_pool) lp_release_fn;
typedef void (*lp_done_fn)(unsigned token, int code, int heard);

#define LP_NFN 12               /* the functions lp_init takes, in the order of lp below */
#define LP_SLOTS 8              /* probes in flight at once */
#define LP_MAX_AUTH 1           /* challenges answered per probe */

typedef struct {
    unsigned token;             /* 0: free */
    unsigned gen;               /* lp.gen when sent: credentials of another line are not used */
    long long deadline_ms;      /* CLOCK_MONOTONIC */
    pjsip_transaction *tsx;     /* the transaction under way, NULL once it ended */
    int heard, auth_tries, reported;
} lp_slot;

static struct {
    lp_acc_request_fn acc_request;
    lp_tsx_create_fn tsx_create;
    lp_tsx_transport_fn tsx_transport;
    lp_tsx_send_fn tsx_send;
    lp_tsx_terminate_fn tsx_terminate;
    lp_dec_ref_fn dec_ref;
    lp_auth_init_fn auth_init;
    lp_auth_deinit_fn auth_deinit;
    lp_auth_cred_fn auth_cred;
    lp_auth_reinit_fn auth_reinit;
    lp_pool_fn pool_create;
    lp_release_fn pool_release;
    lp_done_fn done;
    pjsip_endpoint *endpt;
    pj_pool_t *pool;            /* the auth session's */
    pjsip_auth_clt_sess auth;
    int has_auth;
    unsigned gen;
    lp_slot slots[LP_SLOTS];
} lp;

/* pj_str() without linking pjlib (it is not inlined in every build) */
static pj_str_t lp_str(const char *text)
{
    pj_str_t s = { (char *)text, (pj_ssize_t)strlen(text) };
    return s;
}

static long long lp_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void lp_report(lp_slot *slot, int code)
{
    if (slot->reported)
        return;
    slot->reported = 1;
    unsigned token = slot->token;
    int heard = slot->heard;
    slot->token = 0;                        /* free for the next probe */
    if (lp.done)
        lp.done(token, code, heard);
}

/* Send ``tdata`` (one reference owned by the caller) as a transaction of ours for ``slot``.
 * 0, or a pjsip status (the slot then is not reported here: the caller reports it). */
static pj_status_t lp_transmit(pjsip_tx_data *tdata, lp_slot *slot)
{
    pjsip_transaction *tsx = NULL;
    long long left = slot->deadline_ms - lp_now_ms();
    if (left < 1) {
        lp.dec_ref(tdata);
        return PJ_ETIMEDOUT;
    }
    pj_status_t status = lp.tsx_create(&mod, tdata, &tsx);
    if (status != PJ_SUCCESS) {
        lp.dec_ref(tdata);
        return status;
    }
    lp.tsx_transport(tsx, &tdata->tp_sel);         /* the account's transport */
    tsx->mod_data[mod.id] = slot;
    slot->tsx = tsx;
    status = lp.tsx_send(tsx, NULL);
    if (status != PJ_SUCCESS) {
        tsx->mod_data[mod.id] = NULL;
        slot->tsx = NULL;
        lp.dec_ref(tdata);
        lp.tsx_terminate(tsx, PJSIP_SC_SERVICE_UNAVAILABLE);
        return slot->reported ? PJ_SUCCESS : status;
    }
    return PJ_SUCCESS;
}

static void lp_on_tsx_state(pjsip_transaction *tsx, pjsip_event *e)
{
    if (mod.id < 0 || tsx->state < PJSIP_TSX_STATE_COMPLETED)
        return;
    lp_slot *slot = (lp_slot *)tsx->mod_data[mod.id];
    if (!slot)
        return;
    tsx->mod_data[mod.id] = NULL;           /* one report per transaction */
    if (slot->tsx == tsx)
        slot->tsx = NULL;
    int code = tsx->status_code;
    int rx = e->type == PJSIP_EVENT_TSX_STATE && e->body.tsx_state.type == PJSIP_EVENT_RX_MSG;
    if (rx)
        slot->heard = 1;
    if (rx && (code == PJSIP_SC_UNAUTHORIZED || code == PJSIP_SC_PROXY_AUTHENTICATION_REQUIRED)
        && lp.has_auth && slot->gen == lp.gen && slot->auth_tries < LP_MAX_AUTH
        && tsx->last_tx && !slot->reported) {
        pjsip_tx_data *again = NULL;
        slot->auth_tries++;
        if (lp.auth_reinit(&lp.auth, e->body.tsx_state.src.rdata, tsx->last_tx, &again)
                == PJ_SUCCESS) {
            if (lp_transmit(again, slot) == PJ_SUCCESS)
                return;                     /* reported by the new transaction */
        }
    }
    lp_report(slot, code);
}

/* The functions (LP_NFN addresses in the order of the lp struct), the endpoint, the callback. */
API int lp_init(void **fns, int n, void *endpt, void *done)
{
    if (n != LP_NFN || !endpt)
        return -1;
    void **dst = (void **)&lp.acc_request;
    for (int i = 0; i < LP_NFN; i++) {
        if (!fns[i])
            return -1;
        dst[i] = fns[i];
    }
    if (lp.endpt != (pjsip_endpoint *)endpt) {
        lp.has_auth = 0;                    /* a new endpoint: the old session died with it */
        lp.pool = NULL;
        memset(lp.slots, 0, sizeof lp.slots);
    }
    lp.endpt = (pjsip_endpoint *)endpt;
    lp.done = (lp_done_fn)done;
    return 0;
}

/* The line's digest credentials (realm "*"): a fresh auth session; probes of the previous
 * line still in flight are reported as they end, without answering their challenges. */
API int lp_credentials(const char *username, const char *password)
{
    if (!lp.endpt || !lp.auth_init)
        return -1;
    lp.gen++;
    if (lp.has_auth) {
        lp.auth_deinit(&lp.auth);
        lp.has_auth = 0;
    }
    if (lp.pool) {
        lp.pool_release(lp.endpt, lp.pool);
        lp.pool = NULL;
    }
    if (!username || !*username)
        return 0;
    lp.pool = lp.pool_create(lp.endpt, "lineprobe%p", 512, 512);
    if (!lp.pool || lp.auth_init(&lp.auth, lp.endpt, lp.pool, 0) != PJ_SUCCESS)
        return -1;
    pjsip_cred_info cred;
    memset(&cred, 0, sizeof cred);
    cred.realm = lp_str("*");
    cred.scheme = lp_str("digest");
    cred.username = lp_str(username);
    cred.data_type = PJSIP_CRED_DATA_PLAIN_PASSWD;
    cred.data = lp_str(password ? password : "");
    if (lp.auth_cred(&lp.auth, 1, &cred) != PJ_SUCCESS) {   /* copies into lp.pool */
        lp.auth_deinit(&lp.auth);
        return -1;
    }
    lp.has_auth = 1;
    return 0;
}

/* One probe: 0 when sent (``done`` follows, maybe before this returns), else a pjsip status
 * (negative: no free slot or not initialised) and no callback. */
API int lp_send(int acc_id, const char *target, unsigned token, int timeout_ms)
{
    if (!lp.endpt || !lp.acc_request || mod.id < 0 || token == 0 || timeout_ms <= 0 || !target)
        return -1;
    lp_slot *slot = NULL;
    for (int i = 0; i < LP_SLOTS && !slot; i++)
        if (lp.slots[i].token == 0)
            slot = &lp.slots[i];
    if (!slot)
        return -2;
    static const pjsip_method options = { PJSIP_OPTIONS_METHOD, { "OPTIONS", 7 } };
    pj_str_t uri = lp_str(target);
    pjsip_tx_data *tdata = NULL;
    pj_status_t status = lp.acc_request(acc_id, &options, &uri, &tdata);
    if (status != PJ_SUCCESS)
        return status;
    memset(slot, 0, sizeof *slot);
    slot->token = token;
    slot->gen = lp.gen;
    slot->deadline_ms = lp_now_ms() + timeout_ms;
    status = lp_transmit(tdata, slot);
    if (status != PJ_SUCCESS) {
        slot->token = 0;
        slot->reported = 1;
        return status;
    }
    return 0;
}

/* The deadline of probe ``token``: a transaction still waiting ends now with 408 (reported
 * through ``done`` before this returns). 1 when it was still waiting, else 0. */
API int lp_expire(unsigned token)
{
    for (int i = 0; i < LP_SLOTS; i++) {
        lp_slot *slot = &lp.slots[i];
        if (token == 0 || slot->token != token || slot->reported)
            continue;
        pjsip_transaction *tsx = slot->tsx;
        if (tsx && lp.tsx_terminate) {
            lp.tsx_terminate(tsx, PJSIP_SC_REQUEST_TIMEOUT);   /* -> lp_on_tsx_state */
            if (slot->token == token && !slot->reported)
                lp_report(slot, PJSIP_SC_REQUEST_TIMEOUT);
        } else {
            lp_report(slot, PJSIP_SC_REQUEST_TIMEOUT);
        }
        return 1;
    }
    return 0;
}

/* Before libDestroy: no more callbacks; the session's memory goes back to the endpoint. */
API void lp_shutdown(void)
{
    lp.done = NULL;
    lp_credentials(NULL, NULL);
    for (int i = 0; i < LP_SLOTS; i++)
        lp.slots[i].reported = 1;
    lp.endpt = NULL;
}

API int lp_function_count(void) { return LP_NFN; }

/* ------------------------------------------------------------------ a call's state
 *
 * What the engine's on_call_state needs (the invite session's state, the last status code
 * and its text), read with pjsua_call_get_info in C. pjsua2's Call::getInfo() builds a whole
 * CallInfo (dozens of strings and SWIG proxies) in Python for these three values, three times
 * between an INVITE and its 200 (INCOMING, EARLY, CONNECTING), on the SIP thread holding the
 * GIL the desk's thread needs to answer. Handed over by address like the functions above;
 * softphone/sip/callstate.py falls back to getInfo() without this library. SIP thread only. */
typedef __typeof__(&pjsua_call_get_info) cs_get_info_fn;
static cs_get_info_fn cs_get_info;

API void cs_init(void *get_info) { cs_get_info = (cs_get_info_fn)get_info; }

/* The state (pjsip_inv_state, >= 0) of pjsua call ``call_id``, its last status in *status and
 * the status text in ``reason`` (cut to reason_len - 1 bytes); -1 when there is no such call. */
API int cs_state(int call_id, int *status, char *reason, int reason_len)
{
    pjsua_call_info ci;
    if (!cs_get_info || call_id < 0 || cs_get_info((pjsua_call_id)call_id, &ci) != PJ_SUCCESS)
        return -1;
    *status = (int)ci.last_status;
    if (reason && reason_len > 0) {
        int n = ci.last_status_text.slen > 0 ? (int)ci.last_status_text.slen : 0;
        snprintf(reason, (size_t)reason_len, "%.*s", n, n ? ci.last_status_text.ptr : "");
    }
    return (int)ci.state;
}
