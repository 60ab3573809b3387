/* Agent Softphone's pjproject build configuration.
 *
 * scripts/pjsua2_build.py copies this file to pjlib/include/pj/config_site.h before
 * ./configure; its sha256 is part of the build's cache key (edit it -> a new build).
 * The configure flags are in scripts/pjsua2_build.py (CONFIGURE_FLAGS): --enable-epoll, no
 * video, no sound device (audio goes through our own port), the system's OpenSSL.
 */

/* The epoll I/O queue (configure --enable-epoll) with room for many sockets: the select()
 * queue of the PyPI wheel (64 handles) aborted after 32 INVITEs at 100 calls/s. */
#define PJ_IOQUEUE_MAX_HANDLES      1024

/* Calls at once (the app asks for far fewer: EngineSettings.max_calls). */
#define PJSUA_MAX_CALLS             32

/* Audio only. */
#define PJMEDIA_HAS_VIDEO           0
