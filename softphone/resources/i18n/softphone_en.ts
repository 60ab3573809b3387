<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name></name>
    <message>
        <source>Export diagnostics for IT</source>
        <translation>Export diagnostics for IT</translation>
    </message>
    <message>
        <source>Diagnostics saved for IT: {0}</source>
        <translation>Diagnostics saved for IT: {0}</translation>
    </message>
    <message>
        <source>The diagnostics could not be saved: {0}</source>
        <translation>The diagnostics could not be saved: {0}</translation>
    </message>
    <message>
        <source>No microphone found: plug in a headset and choose it above.</source>
        <translation>No microphone found: plug in a headset and choose it above.</translation>
    </message>
    <message>
        <source>Not during a call: try again after it.</source>
        <translation>Not during a call: try again after it.</translation>
    </message>
    <message>
        <source>The echo test failed: check that the headset is plugged in.</source>
        <translation>The echo test failed: check that the headset is plugged in.</translation>
    </message>
</context>
<context>
    <name>AbuseDialog</name>
    <message>
        <source>End abusive call</source>
        <translation>End abusive call</translation>
    </message>
    <message>
        <source>The call ends, the incident goes to your supervisor with the call&apos;s timeline, and the center keeps the recording. Then you take a protective break.</source>
        <translation>The call ends, the incident goes to your supervisor with the call&apos;s timeline, and the center keeps the recording. Then you take a protective break.</translation>
    </message>
    <message>
        <source>Verbal abuse</source>
        <translation>Verbal abuse</translation>
    </message>
    <message>
        <source>Sexual harassment</source>
        <translation>Sexual harassment</translation>
    </message>
    <message>
        <source>Threat</source>
        <translation>Threat</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>What happened?</source>
        <translation>What happened?</translation>
    </message>
    <message>
        <source>Your note (optional)</source>
        <translation>Your note (optional)</translation>
    </message>
    <message>
        <source>What the caller said or did, in your words</source>
        <translation>What the caller said or did, in your words</translation>
    </message>
    <message>
        <source>End call and report</source>
        <translation>End call and report</translation>
    </message>
</context>
<context>
    <name>AgentTray</name>
    <message>
        <source>Show the softphone</source>
        <translation>Show the softphone</translation>
    </message>
    <message>
        <source>Answer the call</source>
        <translation>Answer the call</translation>
    </message>
    <message>
        <source>Go Ready</source>
        <translation>Go Ready</translation>
    </message>
    <message>
        <source>Not Ready</source>
        <translation>Not Ready</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Break</translation>
    </message>
    <message>
        <source>Export diagnostics for IT…</source>
        <translation>Export diagnostics for IT…</translation>
    </message>
    <message>
        <source>Line down</source>
        <translation>Line down</translation>
    </message>
    <message>
        <source>Phone line lost</source>
        <translation>Phone line lost</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Your incident report was acknowledged.</source>
        <translation>Your incident report was acknowledged.</translation>
    </message>
    <message>
        <source>Message from {0}</source>
        <translation>Message from {0}</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Unknown caller</translation>
    </message>
    <message>
        <source>Unlock the softphone to see who is calling.</source>
        <translation>Unlock the softphone to see who is calling.</translation>
    </message>
    <message>
        <source>Queue: {0}</source>
        <translation>Queue: {0}</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Incoming call</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
</context>
<context>
    <name>Audio</name>
    <message>
        <source>Ring device</source>
        <translation>Ring device</translation>
    </message>
    <message>
        <source>No ring device found: incoming calls are shown on screen only.</source>
        <translation>No ring device found: incoming calls are shown on screen only.</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Microphone</translation>
    </message>
    <message>
        <source>Headset</source>
        <translation>Headset</translation>
    </message>
    <message>
        <source>No microphone found: calls connect, but the caller hears silence. Plug in a headset and choose it in Settings &gt; Audio.</source>
        <translation>No microphone found: calls connect, but the caller hears silence. Plug in a headset and choose it in Settings &gt; Audio.</translation>
    </message>
    <message>
        <source>No speaker or headset found: calls connect, but you hear nothing. Plug in a headset and choose it in Settings &gt; Audio.</source>
        <translation>No speaker or headset found: calls connect, but you hear nothing. Plug in a headset and choose it in Settings &gt; Audio.</translation>
    </message>
    <message>
        <source>The sound system could not be started: calls connect without sound. Call IT.</source>
        <translation>The sound system could not be started: calls connect without sound. Call IT.</translation>
    </message>
</context>
<context>
    <name>CallbacksPanel</name>
    <message>
        <source>Callbacks</source>
        <translation>Callbacks</translation>
    </message>
    <message>
        <source>Open requests</source>
        <translation>Open requests</translation>
    </message>
    <message>
        <source>My scheduled callbacks</source>
        <translation>My scheduled callbacks</translation>
    </message>
    <message>
        <source>Outcome…</source>
        <translation>Outcome…</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Release</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Requested</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Tries</translation>
    </message>
    <message>
        <source>When the caller asked for a callback</source>
        <translation>When the caller asked for a callback</translation>
    </message>
    <message>
        <source>The caller&apos;s preferred time</source>
        <translation>The caller&apos;s preferred time</translation>
    </message>
    <message>
        <source>Tries made of the most allowed</source>
        <translation>Tries made of the most allowed</translation>
    </message>
    <message>
        <source>Callable</source>
        <translation>Callable</translation>
    </message>
    <message>
        <source>The earliest time it can be called</source>
        <translation>The earliest time it can be called</translation>
    </message>
    <message>
        <source>Next due</source>
        <translation>Next due</translation>
    </message>
    <message>
        <source>The next try, by the center&apos;s retry rule</source>
        <translation>The next try, by the center&apos;s retry rule</translation>
    </message>
    <message>
        <source>Open requests ({0})</source>
        <translation>Open requests ({0})</translation>
    </message>
    <message>
        <source>My scheduled ({0})</source>
        <translation>My scheduled ({0})</translation>
    </message>
    <message>
        <source>Due now: {0}</source>
        <translation>Due now: {0}</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Call back</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
</context>
<context>
    <name>Center</name>
    <message>
        <source>The center is not reachable — check your VPN connection.</source>
        <translation>The center is not reachable — check your VPN connection.</translation>
    </message>
    <message>
        <source>The center did not answer in time — try again in a moment.</source>
        <translation>The center did not answer in time — try again in a moment.</translation>
    </message>
    <message>
        <source>The center&apos;s certificate could not be verified — do not continue; contact IT.</source>
        <translation>The center&apos;s certificate could not be verified — do not continue; contact IT.</translation>
    </message>
    <message>
        <source>Your session has expired — please sign in again.</source>
        <translation>Your session has expired — please sign in again.</translation>
    </message>
    <message>
        <source>Someone else changed this first — reload and try again.</source>
        <translation>Someone else changed this first — reload and try again.</translation>
    </message>
    <message>
        <source>The center sent an answer the app does not understand — try again, and contact IT if it keeps happening.</source>
        <translation>The center sent an answer the app does not understand — try again, and contact IT if it keeps happening.</translation>
    </message>
    <message>
        <source>The center had a problem — try again in a moment.</source>
        <translation>The center had a problem — try again in a moment.</translation>
    </message>
    <message>
        <source>The center refused the request.</source>
        <translation>The center refused the request.</translation>
    </message>
    <message>
        <source>These are another counselor&apos;s sign-in details. Sign in again with your own password.</source>
        <translation>These are another counselor&apos;s sign-in details. Sign in again with your own password.</translation>
    </message>
    <message>
        <source>There is no session to resume on this computer: log in again.</source>
        <translation>There is no session to resume on this computer: log in again.</translation>
    </message>
</context>
<context>
    <name>ChecklistView</name>
    <message>
        <source>Center connection (VPN)</source>
        <translation>Center connection (VPN)</translation>
    </message>
    <message>
        <source>Phone line</source>
        <translation>Phone line</translation>
    </message>
    <message>
        <source>SIP stack</source>
        <translation>SIP stack</translation>
    </message>
    <message>
        <source>Headset and speakers</source>
        <translation>Headset and speakers</translation>
    </message>
    <message>
        <source>Network for calls</source>
        <translation>Network for calls</translation>
    </message>
    <message>
        <source>Health self-check</source>
        <translation>Health self-check</translation>
    </message>
    <message>
        <source>Before your shift</source>
        <translation>Before your shift</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>Details…</translation>
    </message>
    <message>
        <source>Continue to the desk</source>
        <translation>Continue to the desk</translation>
    </message>
    <message>
        <source>Before your shift, {0}</source>
        <translation>Before your shift, {0}</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <source>Go Ready</source>
        <translation>Go Ready</translation>
    </message>
    <message>
        <source>Stay Not Ready</source>
        <translation>Stay Not Ready</translation>
    </message>
    <message>
        <source>The connection is back. You are Not Ready: go Ready again?</source>
        <translation>The connection is back. You are Not Ready: go Ready again?</translation>
    </message>
    <message>
        <source>(offline for {0})</source>
        <translation>(offline for {0})</translation>
    </message>
</context>
<context>
    <name>ContextPanel</name>
    <message>
        <source>Caller</source>
        <translation>Caller</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Menu choices</source>
        <translation>Menu choices</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>Open cases</translation>
    </message>
    <message>
        <source>Recent contacts</source>
        <translation>Recent contacts</translation>
    </message>
    <message>
        <source>Looking up the caller…</source>
        <translation>Looking up the caller…</translation>
    </message>
    <message>
        <source>No caller</source>
        <translation>No caller</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Unknown caller</translation>
    </message>
    <message>
        <source>New caller (no customer record)</source>
        <translation>New caller (no customer record)</translation>
    </message>
    <message>
        <source>waited {0}</source>
        <translation>waited {0}</translation>
    </message>
    <message>
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pending</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in progress</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>closed</translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <source>You missed a call, so you are now Not Ready. Go Ready when you can take calls.</source>
        <translation>You missed a call, so you are now Not Ready. Go Ready when you can take calls.</translation>
    </message>
    <message>
        <source>You have not heard the caller for a while. Ask if they are still there, or check the line.</source>
        <translation>You have not heard the caller for a while. Ask if they are still there, or check the line.</translation>
    </message>
    <message>
        <source>Finish the current call before calling back.</source>
        <translation>Finish the current call before calling back.</translation>
    </message>
    <message>
        <source>This callback has no usable number.</source>
        <translation>This callback has no usable number.</translation>
    </message>
    <message>
        <source>Your microphone seems silent. Check that the headset is plugged in and not muted on its cable.</source>
        <translation>Your microphone seems silent. Check that the headset is plugged in and not muted on its cable.</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>No answer</translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation>Wrong number</translation>
    </message>
    <message>
        <source>The call did not connect: {0}</source>
        <translation>The call did not connect: {0}</translation>
    </message>
    <message>
        <source>Something went wrong talking to the center. Try again.</source>
        <translation>Something went wrong talking to the center. Try again.</translation>
    </message>
    <message>
        <source>Missed call</source>
        <translation>Missed call</translation>
    </message>
    <message>
        <source>Answer the self-check</source>
        <translation>Answer the self-check</translation>
    </message>
    <message>
        <source>You are not cleared for calls today. Follow the guidance and talk to your supervisor.</source>
        <translation>You are not cleared for calls today. Follow the guidance and talk to your supervisor.</translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation>Cleared</translation>
    </message>
    <message>
        <source>Not cleared: see the guidance</source>
        <translation>Not cleared: see the guidance</translation>
    </message>
    <message>
        <source>Please answer this question.</source>
        <translation>Please answer this question.</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Busy</translation>
    </message>
    <message>
        <source>Done: reached</source>
        <translation>Done: reached</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>Unreachable</translation>
    </message>
    <message>
        <source>A scheduled callback is due now: {0}</source>
        <translation>A scheduled callback is due now: {0}</translation>
    </message>
    <message>
        <source>No connection to the center: you are Not Ready. Calls and wrap-ups are kept and will be sent.</source>
        <translation>No connection to the center: you are Not Ready. Calls and wrap-ups are kept and will be sent.</translation>
    </message>
    <message>
        <source>The phone line is down: you are Not Ready. Wrap-ups are kept and will be sent.</source>
        <translation>The phone line is down: you are Not Ready. Wrap-ups are kept and will be sent.</translation>
    </message>
    <message>
        <source>The connection is back ({0} s without it).</source>
        <translation>The connection is back ({0} s without it).</translation>
    </message>
    <message>
        <source>The wrap-up of your previous call is back: finish it to take calls again.</source>
        <translation>The wrap-up of your previous call is back: finish it to take calls again.</translation>
    </message>
    <message>
        <source>That number cannot be dialled.</source>
        <translation>That number cannot be dialled.</translation>
    </message>
    <message>
        <source>Finish the current call first.</source>
        <translation>Finish the current call first.</translation>
    </message>
    <message>
        <source>Type a number or an extension.</source>
        <translation>Type a number or an extension.</translation>
    </message>
    <message>
        <source>That is not a phone number or extension.</source>
        <translation>That is not a phone number or extension.</translation>
    </message>
    <message>
        <source>International numbers cannot be dialled from here.</source>
        <translation>International numbers cannot be dialled from here.</translation>
    </message>
    <message>
        <source>The center does not allow calls to this number.</source>
        <translation>The center does not allow calls to this number.</translation>
    </message>
    <message>
        <source>The directory is not available now.</source>
        <translation>The directory is not available now.</translation>
    </message>
    <message>
        <source>That directory entry is gone.</source>
        <translation>That directory entry is gone.</translation>
    </message>
    <message>
        <source>Calls cannot be transferred to {0}.</source>
        <translation>Calls cannot be transferred to {0}.</translation>
    </message>
    <message>
        <source>Your wrap-up draft could not be saved on this computer. Finish it before closing the app.</source>
        <translation>Your wrap-up draft could not be saved on this computer. Finish it before closing the app.</translation>
    </message>
    <message>
        <source>unknown reason</source>
        <translation>unknown reason</translation>
    </message>
    <message>
        <source>The other side did not accept the change to the call (hold or resume). Try again.</source>
        <translation>The other side did not accept the change to the call (hold or resume). Try again.</translation>
    </message>
    <message>
        <source>the line is busy</source>
        <translation>the line is busy</translation>
    </message>
    <message>
        <source>nobody answered</source>
        <translation>nobody answered</translation>
    </message>
    <message>
        <source>the call was declined</source>
        <translation>the call was declined</translation>
    </message>
    <message>
        <source>the number cannot be reached</source>
        <translation>the number cannot be reached</translation>
    </message>
    <message>
        <source>a network problem; check your connection and try again</source>
        <translation>a network problem; check your connection and try again</translation>
    </message>
    <message>
        <source>you cancelled it</source>
        <translation>you cancelled it</translation>
    </message>
    <message>
        <source>You have talked for {0} minutes without a break. Take a break: your supervisor has been told.</source>
        <translation>You have talked for {0} minutes without a break. Take a break: your supervisor has been told.</translation>
    </message>
    <message>
        <source>{0} incidents this shift. Take a break: your supervisor has been told.</source>
        <translation>{0} incidents this shift. Take a break: your supervisor has been told.</translation>
    </message>
    <message>
        <source>The center&apos;s name is found in {0} ms.</source>
        <translation>The center&apos;s name is found in {0} ms.</translation>
    </message>
    <message>
        <source>Finding the center&apos;s name takes {0} ms: ask IT to check the VPN&apos;s name servers.</source>
        <translation>Finding the center&apos;s name takes {0} ms: ask IT to check the VPN&apos;s name servers.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock matches the center&apos;s.</source>
        <translation>This computer&apos;s clock matches the center&apos;s.</translation>
    </message>
    <message>
        <source>The phone line server answers over {0} in {1} ms.</source>
        <translation>The phone line server answers over {0} in {1} ms.</translation>
    </message>
    <message>
        <source>The phone line server answers slowly over {0} ({1} ms): calls may take longer to connect.</source>
        <translation>The phone line server answers slowly over {0} ({1} ms): calls may take longer to connect.</translation>
    </message>
    <message>
        <source>No voice is lost on the way.</source>
        <translation>No voice is lost on the way.</translation>
    </message>
    <message>
        <source>The voice arrives evenly.</source>
        <translation>The voice arrives evenly.</translation>
    </message>
    <message>
        <source>No working microphone or headset: plug in a headset and choose it in Settings.</source>
        <translation>No working microphone or headset: plug in a headset and choose it in Settings.</translation>
    </message>
    <message>
        <source>What could be checked is fine, but the phone line and the voice path were not tested.</source>
        <translation>What could be checked is fine, but the phone line and the voice path were not tested.</translation>
    </message>
    <message>
        <source>The center does not answer: check that your VPN is connected.</source>
        <translation>The center does not answer: check that your VPN is connected.</translation>
    </message>
    <message>
        <source>Not tested.</source>
        <translation>Not tested.</translation>
    </message>
    <message>
        <source>The center is reached by its address: no name lookup is needed.</source>
        <translation>The center is reached by its address: no name lookup is needed.</translation>
    </message>
    <message>
        <source>The center&apos;s name cannot be found: check that your VPN is connected.</source>
        <translation>The center&apos;s name cannot be found: check that your VPN is connected.</translation>
    </message>
    <message>
        <source>The center&apos;s clock could not be read.</source>
        <translation>The center&apos;s clock could not be read.</translation>
    </message>
    <message>
        <source>Sign in to test the phone line.</source>
        <translation>Sign in to test the phone line.</translation>
    </message>
    <message>
        <source>Sign in to test the voice path.</source>
        <translation>Sign in to test the voice path.</translation>
    </message>
    <message>
        <source>Expected call quality: good.</source>
        <translation>Expected call quality: good.</translation>
    </message>
    <message>
        <source>Expected call quality: fair. Callers may notice the problems above.</source>
        <translation>Expected call quality: fair. Callers may notice the problems above.</translation>
    </message>
    <message>
        <source>Expected call quality: poor. Fix the problems above before taking calls.</source>
        <translation>Expected call quality: poor. Fix the problems above before taking calls.</translation>
    </message>
    <message>
        <source>The sound devices are not checked yet.</source>
        <translation>The sound devices are not checked yet.</translation>
    </message>
    <message>
        <source>The microphone and headset are ready.</source>
        <translation>The microphone and headset are ready.</translation>
    </message>
    <message>
        <source>Your network is ready for calls.</source>
        <translation>Your network is ready for calls.</translation>
    </message>
    <message>
        <source>Your network works, but calls may suffer: see the amber rows.</source>
        <translation>Your network works, but calls may suffer: see the amber rows.</translation>
    </message>
    <message>
        <source>Your network is not ready for calls: see the red rows, or call IT.</source>
        <translation>Your network is not ready for calls: see the red rows, or call IT.</translation>
    </message>
    <message>
        <source>Nothing could be measured.</source>
        <translation>Nothing could be measured.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is {0} s off the center&apos;s: ask IT to set the time automatically.</source>
        <translation>This computer&apos;s clock is {0} s off the center&apos;s: ask IT to set the time automatically.</translation>
    </message>
    <message>
        <source>The center did not say where its phone line server is.</source>
        <translation>The center did not say where its phone line server is.</translation>
    </message>
    <message>
        <source>Not tested: the phone line server does not answer.</source>
        <translation>Not tested: the phone line server does not answer.</translation>
    </message>
    <message>
        <source>Large phone-line messages are lost on the way over {0} (a path MTU problem, common with VPNs). They get through over TCP: ask IT to switch your line to TCP.</source>
        <translation>Large phone-line messages are lost on the way over {0} (a path MTU problem, common with VPNs). They get through over TCP: ask IT to switch your line to TCP.</translation>
    </message>
    <message>
        <source>Large phone-line messages are lost on the way over {0} (a path MTU problem, common with VPNs): calls may fail to connect. Ask IT to switch your line to TCP.</source>
        <translation>Large phone-line messages are lost on the way over {0} (a path MTU problem, common with VPNs): calls may fail to connect. Ask IT to switch your line to TCP.</translation>
    </message>
    <message>
        <source>{0} % of the voice is lost on the way: callers will hear gaps. Close video and download apps, or use a cable instead of Wi-Fi.</source>
        <translation>{0} % of the voice is lost on the way: callers will hear gaps. Close video and download apps, or use a cable instead of Wi-Fi.</translation>
    </message>
    <message>
        <source>The voice arrives unevenly ({0} ms jitter): callers may sound choppy. Close video and download apps, or use a cable instead of Wi-Fi.</source>
        <translation>The voice arrives unevenly ({0} ms jitter): callers may sound choppy. Close video and download apps, or use a cable instead of Wi-Fi.</translation>
    </message>
    <message>
        <source>The center answers in {0} ms.</source>
        <translation>The center answers in {0} ms.</translation>
    </message>
    <message>
        <source>The center answers slowly ({0} ms): screens may update late.</source>
        <translation>The center answers slowly ({0} ms): screens may update late.</translation>
    </message>
    <message>
        <source>The center answers very slowly ({0} ms): check your VPN connection.</source>
        <translation>The center answers very slowly ({0} ms): check your VPN connection.</translation>
    </message>
    <message>
        <source>The phone line server does not answer over {0}: calls cannot reach you. Check your VPN connection, or call IT.</source>
        <translation>The phone line server does not answer over {0}: calls cannot reach you. Check your VPN connection, or call IT.</translation>
    </message>
    <message>
        <source>The center offers no voice test.</source>
        <translation>The center offers no voice test.</translation>
    </message>
    <message>
        <source>The voice travels fast enough ({0} ms there and back).</source>
        <translation>The voice travels fast enough ({0} ms there and back).</translation>
    </message>
    <message>
        <source>The voice takes {0} ms there and back: you and the caller may talk over each other.</source>
        <translation>The voice takes {0} ms there and back: you and the caller may talk over each other.</translation>
    </message>
    <message>
        <source>The voice takes {0} ms there and back: conversations will be hard. Check your VPN connection, or call IT.</source>
        <translation>The voice takes {0} ms there and back: conversations will be hard. Check your VPN connection, or call IT.</translation>
    </message>
    <message>
        <source>Large phone-line messages get through over {0}.</source>
        <translation>Large phone-line messages get through over {0}.</translation>
    </message>
    <message>
        <source>The voice test got no answer from the center: voice may not get through your VPN. Call IT.</source>
        <translation>The voice test got no answer from the center: voice may not get through your VPN. Call IT.</translation>
    </message>
    <message>
        <source>The warning could not be played into the call.</source>
        <translation>The warning could not be played into the call.</translation>
    </message>
    <message>
        <source>The incident was reported to your supervisor. Your protective break starts after the wrap-up.</source>
        <translation>The incident was reported to your supervisor. Your protective break starts after the wrap-up.</translation>
    </message>
    <message>
        <source>The call&apos;s audio clip could not be sent; the center was asked to hold its recording.</source>
        <translation>The call&apos;s audio clip could not be sent; the center was asked to hold its recording.</translation>
    </message>
    <message>
        <source>The warning announcement could not be loaded: {0}</source>
        <translation>The warning announcement could not be loaded: {0}</translation>
    </message>
    <message>
        <source>the sound file is not usable</source>
        <translation>the sound file is not usable</translation>
    </message>
    <message>
        <source>Abusive call ended by the counselor: {0}.</source>
        <translation>Abusive call ended by the counselor: {0}.</translation>
    </message>
    <message>
        <source>The call&apos;s audio clip could not be kept; the center was asked to hold its recording.</source>
        <translation>The call&apos;s audio clip could not be kept; the center was asked to hold its recording.</translation>
    </message>
    <message>
        <source>verbal abuse</source>
        <translation>verbal abuse</translation>
    </message>
    <message>
        <source>sexual harassment</source>
        <translation>sexual harassment</translation>
    </message>
    <message>
        <source>threat</source>
        <translation>threat</translation>
    </message>
    <message>
        <source>other</source>
        <translation>other</translation>
    </message>
    <message>
        <source>The center has no warning announcement to play.</source>
        <translation>The center has no warning announcement to play.</translation>
    </message>
    <message>
        <source>Your protective break comes first.</source>
        <translation>Your protective break comes first.</translation>
    </message>
    <message>
        <source>Your protective break&apos;s minimum time is over. Go Ready when you feel ready.</source>
        <translation>Your protective break&apos;s minimum time is over. Go Ready when you feel ready.</translation>
    </message>
    <message>
        <source>I would like counseling support after an abusive call.</source>
        <translation>I would like counseling support after an abusive call.</translation>
    </message>
    <message>
        <source>Your network is losing {0} % of the caller&apos;s voice: close video and download apps, or move closer to the router.</source>
        <translation>Your network is losing {0} % of the caller&apos;s voice: close video and download apps, or move closer to the router.</translation>
    </message>
    <message>
        <source>Your connection is uneven ({0} ms jitter): the caller may sound choppy. Close video and download apps; a cable is steadier than Wi-Fi.</source>
        <translation>Your connection is uneven ({0} ms jitter): the caller may sound choppy. Close video and download apps; a cable is steadier than Wi-Fi.</translation>
    </message>
    <message>
        <source>The line has a long delay ({0} ms there and back): pause a moment before you answer so you do not talk over the caller.</source>
        <translation>The line has a long delay ({0} ms there and back): pause a moment before you answer so you do not talk over the caller.</translation>
    </message>
    <message>
        <source>You cannot sign out of this queue.</source>
        <translation>You cannot sign out of this queue.</translation>
    </message>
    <message>
        <source>The center has not answered yet.</source>
        <translation>The center has not answered yet.</translation>
    </message>
    <message>
        <source>The center did not sign you in to the queue.</source>
        <translation>The center did not sign you in to the queue.</translation>
    </message>
    <message>
        <source>The center did not sign you out of the queue.</source>
        <translation>The center did not sign you out of the queue.</translation>
    </message>
    <message>
        <source>Checking the network…</source>
        <translation>Checking the network…</translation>
    </message>
    <message>
        <source>Not checked: open Network check in the menu.</source>
        <translation>Not checked: open Network check in the menu.</translation>
    </message>
    <message>
        <source>This saved result cannot be opened.</source>
        <translation>This saved result cannot be opened.</translation>
    </message>
    <message>
        <source>You are not signed in to the center: wrap-ups and other writes wait on this computer until you sign in again.</source>
        <translation>You are not signed in to the center: wrap-ups and other writes wait on this computer until you sign in again.</translation>
    </message>
    <message>
        <source>Your session with the center ended. Sign in again to keep working: your call and unsent work are kept.</source>
        <translation>Your session with the center ended. Sign in again to keep working: your call and unsent work are kept.</translation>
    </message>
    <message>
        <source>Signed in again. Your unsent work is being sent.</source>
        <translation>Signed in again. Your unsent work is being sent.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Enter your password.</translation>
    </message>
    <message>
        <source>The waiting call went back to the queue.</source>
        <translation>The waiting call went back to the queue.</translation>
    </message>
    <message>
        <source>A second call is waiting: {0}</source>
        <translation>A second call is waiting: {0}</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Unknown caller</translation>
    </message>
    <message>
        <source>The call on hold ended.</source>
        <translation>The call on hold ended.</translation>
    </message>
    <message>
        <source>Your previous answers were not recorded: please answer again.</source>
        <translation>Your previous answers were not recorded: please answer again.</translation>
    </message>
    <message>
        <source>Sent, waiting for the center</source>
        <translation>Sent, waiting for the center</translation>
    </message>
    <message>
        <source>The self-check form is invalid. Call your supervisor.</source>
        <translation>The self-check form is invalid. Call your supervisor.</translation>
    </message>
    <message>
        <source>Your self-check was not recorded: {0}</source>
        <translation>Your self-check was not recorded: {0}</translation>
    </message>
    <message>
        <source>Your self-check is not recorded yet ({0}). Trying again in {1} s.</source>
        <translation>Your self-check is not recorded yet ({0}). Trying again in {1} s.</translation>
    </message>
    <message>
        <source>Not registered</source>
        <translation>Not registered</translation>
    </message>
    <message>
        <source>Complete the health self-check to go Ready.</source>
        <translation>Complete the health self-check to go Ready.</translation>
    </message>
    <message>
        <source>The phone line is not registered yet.</source>
        <translation>The phone line is not registered yet.</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>Registering…</translation>
    </message>
    <message>
        <source>Line ready</source>
        <translation>Line ready</translation>
    </message>
    <message>
        <source>The center sent unusable phone settings. Call IT.</source>
        <translation>The center sent unusable phone settings. Call IT.</translation>
    </message>
    <message>
        <source>Line refused: calls must be encrypted (SRTP mandatory), which needs SIP over TLS, and TLS is not available in this phone. IT must enable TLS for this computer (or change sip.srtp).</source>
        <translation>Line refused: calls must be encrypted (SRTP mandatory), which needs SIP over TLS, and TLS is not available in this phone. IT must enable TLS for this computer (or change sip.srtp).</translation>
    </message>
    <message>
        <source>Line refused: the line must use TLS, and TLS is not available in this phone. IT must enable TLS for this computer (or change sip.transport).</source>
        <translation>Line refused: the line must use TLS, and TLS is not available in this phone. IT must enable TLS for this computer (or change sip.transport).</translation>
    </message>
    <message>
        <source>Finish the call and wrap-up before logging out.</source>
        <translation>Finish the call and wrap-up before logging out.</translation>
    </message>
    <message>
        <source>pjsua2 {0}, OpenSSL {1}</source>
        <translation>pjsua2 {0}, OpenSSL {1}</translation>
    </message>
    <message>
        <source>pjsua2 {0}, OpenSSL {1}: ask IT for the hardened build</source>
        <translation>pjsua2 {0}, OpenSSL {1}: ask IT for the hardened build</translation>
    </message>
    <message>
        <source>pjsua2 {0} without OpenSSL: ask IT for the hardened build</source>
        <translation>pjsua2 {0} without OpenSSL: ask IT for the hardened build</translation>
    </message>
    <message>
        <source>{0} acknowledged your incident report.</source>
        <translation>{0} acknowledged your incident report.</translation>
    </message>
    <message>
        <source>{0} saw that you need a break.</source>
        <translation>{0} saw that you need a break.</translation>
    </message>
    <message>
        <source>Your message to the supervisor was not sent: {0}</source>
        <translation>Your message to the supervisor was not sent: {0}</translation>
    </message>
    <message>
        <source>Your supervisor answered: {0}</source>
        <translation>Your supervisor answered: {0}</translation>
    </message>
    <message>
        <source>Callback attempt recorded: {0}.</source>
        <translation>Callback attempt recorded: {0}.</translation>
    </message>
    <message>
        <source>Your supervisor was notified.</source>
        <translation>Your supervisor was notified.</translation>
    </message>
    <message>
        <source>Finish the wrap-up of your previous call first.</source>
        <translation>Finish the wrap-up of your previous call first.</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>Needs follow-up</source>
        <translation>Needs follow-up</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>Wrap-up</translation>
    </message>
    <message>
        <source>Callback result</source>
        <translation>Callback result</translation>
    </message>
    <message>
        <source>Callback try</source>
        <translation>Callback try</translation>
    </message>
    <message>
        <source>Incident report</source>
        <translation>Incident report</translation>
    </message>
    <message>
        <source>Recording hold</source>
        <translation>Recording hold</translation>
    </message>
    <message>
        <source>Protective break record</source>
        <translation>Protective break record</translation>
    </message>
    <message>
        <source>The writes kept in memory are saved on this computer now; they are sent as usual.</source>
        <translation>The writes kept in memory are saved on this computer now; they are sent as usual.</translation>
    </message>
    <message>
        <source>{0} write(s) (wrap-ups, incidents, callback outcomes) are not saved on this computer yet: the secure storage (keyring) is not open. Keep the app open and do not log out; call IT if this does not clear.</source>
        <translation>{0} write(s) (wrap-ups, incidents, callback outcomes) are not saved on this computer yet: the secure storage (keyring) is not open. Keep the app open and do not log out; call IT if this does not clear.</translation>
    </message>
    <message>
        <source>{0} write(s) were sealed into the file {1}. Give the file and, separately, the passphrase to IT.</source>
        <translation>{0} write(s) were sealed into the file {1}. Give the file and, separately, the passphrase to IT.</translation>
    </message>
    <message>
        <source>{0} write(s) of {1} are waiting to be sent: they go when {1} signs in.</source>
        <translation>{0} write(s) of {1} are waiting to be sent: they go when {1} signs in.</translation>
    </message>
    <message>
        <source>The {0} could not be changed; it stays in your &quot;Not sent&quot; list.</source>
        <translation>The {0} could not be changed; it stays in your &quot;Not sent&quot; list.</translation>
    </message>
    <message>
        <source>The center did not accept a saved write ({0}): {1}. It is in your &quot;Not sent&quot; list: correct and resend it, or give it to your supervisor.</source>
        <translation>The center did not accept a saved write ({0}): {1}. It is in your &quot;Not sent&quot; list: correct and resend it, or give it to your supervisor.</translation>
    </message>
    <message>
        <source>The {0} is in line to be sent again.</source>
        <translation>The {0} is in line to be sent again.</translation>
    </message>
    <message>
        <source>The {0} is kept on this computer for your supervisor and is not sent. Tell your supervisor about it.</source>
        <translation>The {0} is kept on this computer for your supervisor and is not sent. Tell your supervisor about it.</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>no reason given</translation>
    </message>
    <message>
        <source>The center never confirmed a saved write ({0}). It is in your &quot;Not sent&quot; list: send it again, or give it to your supervisor.</source>
        <translation>The center never confirmed a saved write ({0}). It is in your &quot;Not sent&quot; list: send it again, or give it to your supervisor.</translation>
    </message>
    <message>
        <source>A saved {0} cannot be read on this computer (its key is missing). It is kept, not deleted: call IT.</source>
        <translation>A saved {0} cannot be read on this computer (its key is missing). It is kept, not deleted: call IT.</translation>
    </message>
    <message>
        <source>No caller information.</source>
        <translation>No caller information.</translation>
    </message>
    <message>
        <source>The consultation call ended: {0}</source>
        <translation>The consultation call ended: {0}</translation>
    </message>
    <message>
        <source>Call transferred.</source>
        <translation>Call transferred.</translation>
    </message>
    <message>
        <source>The transfer failed ({0}). You are still connected.</source>
        <translation>The transfer failed ({0}). You are still connected.</translation>
    </message>
    <message>
        <source>Caller details unavailable: {0}</source>
        <translation>Caller details unavailable: {0}</translation>
    </message>
    <message>
        <source>lookup failed</source>
        <translation>lookup failed</translation>
    </message>
</context>
<context>
    <name>DirectoryPanel</name>
    <message>
        <source>Directory and dial</source>
        <translation>Directory and dial</translation>
    </message>
    <message>
        <source>Search a name, team or service, or type a number</source>
        <translation>Search a name, team or service, or type a number</translation>
    </message>
    <message>
        <source>Search or dial</source>
        <translation>Search or dial</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Directory</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Call</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Blind transfer: hand the caller over at once</source>
        <translation>Blind transfer: hand the caller over at once</translation>
    </message>
    <message>
        <source>Consult</source>
        <translation>Consult</translation>
    </message>
    <message>
        <source>Put the caller on hold and talk to them first</source>
        <translation>Put the caller on hold and talk to them first</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Available</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>On a call</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Break</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Dials {0}</source>
        <translation>Dials {0}</translation>
    </message>
</context>
<context>
    <name>ExportHeldDialog</name>
    <message>
        <source>Export unsent work</source>
        <translation>Export unsent work</translation>
    </message>
    <message>
        <source>{0} write(s) could not be saved on this computer (the secure storage is not open). Seal them into a file with a passphrase and give both to IT, separately: IT can send them to the center later.</source>
        <translation>{0} write(s) could not be saved on this computer (the secure storage is not open). Seal them into a file with a passphrase and give both to IT, separately: IT can send them to the center later.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>Passphrase again</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Export and close</source>
        <translation>Export and close</translation>
    </message>
    <message>
        <source>The passphrase needs at least {0} characters.</source>
        <translation>The passphrase needs at least {0} characters.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>The two passphrases differ.</translation>
    </message>
    <message>
        <source>Choose a file.</source>
        <translation>Choose a file.</translation>
    </message>
    <message>
        <source>The file could not be written: {0}</source>
        <translation>The file could not be written: {0}</translation>
    </message>
</context>
<context>
    <name>HealthFormView</name>
    <message>
        <source>Health self-check</source>
        <translation>Health self-check</translation>
    </message>
    <message>
        <source>Loading the form…</source>
        <translation>Loading the form…</translation>
    </message>
    <message>
        <source>Submit self-check</source>
        <translation>Submit self-check</translation>
    </message>
    <message>
        <source> (optional)</source>
        <translation> (optional)</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>Sent, waiting for the center</source>
        <translation>Sent, waiting for the center</translation>
    </message>
    <message>
        <source>Cleared for calls today</source>
        <translation>Cleared for calls today</translation>
    </message>
    <message>
        <source>Not cleared for calls today</source>
        <translation>Not cleared for calls today</translation>
    </message>
    <message>
        <source>Recording with the center…</source>
        <translation>Recording with the center…</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>This session&apos;s calls</source>
        <translation>This session&apos;s calls</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Answered</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Missed</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Declined</translation>
    </message>
    <message>
        <source>Caller hung up</source>
        <translation>Caller hung up</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Called back</source>
        <translation>Called back</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Busy</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>No answer</translation>
    </message>
    <message>
        <source>Declined by the callee</source>
        <translation>Declined by the callee</translation>
    </message>
    <message>
        <source>Not reachable</source>
        <translation>Not reachable</translation>
    </message>
    <message>
        <source>Network problem</source>
        <translation>Network problem</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>In</source>
        <translation>In</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Out</translation>
    </message>
</context>
<context>
    <name>IdleView</name>
    <message>
        <source>Waiting for a call</source>
        <translation>Waiting for a call</translation>
    </message>
    <message>
        <source>The queue will offer you the next caller.</source>
        <translation>The queue will offer you the next caller.</translation>
    </message>
    <message>
        <source>You are Not Ready</source>
        <translation>You are Not Ready</translation>
    </message>
    <message>
        <source>Calls are not offered to you. Go Ready to take calls.</source>
        <translation>Calls are not offered to you. Go Ready to take calls.</translation>
    </message>
    <message>
        <source>On a break</source>
        <translation>On a break</translation>
    </message>
    <message>
        <source>Go Ready when you are back.</source>
        <translation>Go Ready when you are back.</translation>
    </message>
</context>
<context>
    <name>InCallView</name>
    <message>
        <source>Hold</source>
        <translation>Hold</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Mute</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Ask supervisor</source>
        <translation>Ask supervisor</translation>
    </message>
    <message>
        <source>Transfer to</source>
        <translation>Transfer to</translation>
    </message>
    <message>
        <source>Blind transfer: hand the caller over at once</source>
        <translation>Blind transfer: hand the caller over at once</translation>
    </message>
    <message>
        <source>Consult</source>
        <translation>Consult</translation>
    </message>
    <message>
        <source>Put the caller on hold and talk to the target first</source>
        <translation>Put the caller on hold and talk to the target first</translation>
    </message>
    <message>
        <source>Complete transfer</source>
        <translation>Complete transfer</translation>
    </message>
    <message>
        <source>Back to caller</source>
        <translation>Back to caller</translation>
    </message>
    <message>
        <source>Conference</source>
        <translation>Conference</translation>
    </message>
    <message>
        <source>The caller, the person you consulted and you, all together</source>
        <translation>The caller, the person you consulted and you, all together</translation>
    </message>
    <message>
        <source>Drop the caller</source>
        <translation>Drop the caller</translation>
    </message>
    <message>
        <source>The caller leaves; you stay with your colleague</source>
        <translation>The caller leaves; you stay with your colleague</translation>
    </message>
    <message>
        <source>Warn caller</source>
        <translation>Warn caller</translation>
    </message>
    <message>
        <source>Plays the center&apos;s warning to the caller; your microphone is muted while it plays.</source>
        <translation>Plays the center&apos;s warning to the caller; your microphone is muted while it plays.</translation>
    </message>
    <message>
        <source>End abusive call</source>
        <translation>End abusive call</translation>
    </message>
    <message>
        <source>Reports an incident to your supervisor, ends the call and starts a protective break after wrap-up.</source>
        <translation>Reports an incident to your supervisor, ends the call and starts a protective break after wrap-up.</translation>
    </message>
    <message>
        <source>Keypad</source>
        <translation>Keypad</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Unknown caller</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Unmute</translation>
    </message>
    <message>
        <source>On hold — the caller hears music</source>
        <translation>On hold — the caller hears music</translation>
    </message>
    <message>
        <source>The caller put you on hold</source>
        <translation>The caller put you on hold</translation>
    </message>
    <message>
        <source>Muted — the caller cannot hear you</source>
        <translation>Muted — the caller cannot hear you</translation>
    </message>
    <message>
        <source>Talking</source>
        <translation>Talking</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Encrypted</source>
        <translation>Encrypted</translation>
    </message>
    <message>
        <source>Calling {0}… the caller is on hold.</source>
        <translation>Calling {0}… the caller is on hold.</translation>
    </message>
    <message>
        <source>Talking to {0}. The caller is on hold.</source>
        <translation>Talking to {0}. The caller is on hold.</translation>
    </message>
    <message>
        <source>Handing the caller over to {0}…</source>
        <translation>Handing the caller over to {0}…</translation>
    </message>
    <message>
        <source>Conference: the caller, {0} and you hear each other.</source>
        <translation>Conference: the caller, {0} and you hear each other.</translation>
    </message>
    <message>
        <source>Leave (they stay connected)</source>
        <translation>Leave (they stay connected)</translation>
    </message>
    <message>
        <source>Drop {0}</source>
        <translation>Drop {0}</translation>
    </message>
    <message>
        <source>No sound from the caller for a while</source>
        <translation>No sound from the caller for a while</translation>
    </message>
    <message>
        <source>Your microphone seems silent</source>
        <translation>Your microphone seems silent</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>Fair</translation>
    </message>
    <message>
        <source>Poor</source>
        <translation>Poor</translation>
    </message>
    <message>
        <source>Quality: measuring</source>
        <translation>Quality: measuring</translation>
    </message>
    <message>
        <source>MOS {0:.1f} · jitter {1:.0f} ms · loss {2:.1f} % · RTT {3:.0f} ms · {4}</source>
        <translation>MOS {0:.1f} · jitter {1:.0f} ms · loss {2:.1f} % · RTT {3:.0f} ms · {4}</translation>
    </message>
    <message>
        <source>The warning is playing to the caller; your microphone is muted.</source>
        <translation>The warning is playing to the caller; your microphone is muted.</translation>
    </message>
    <message>
        <source>Warnings played: %n</source>
        <translation>Warnings played: %n</translation>
    </message>
    <message>
        <source>Play the warning %n time(s) before ending the call as abusive.</source>
        <translation>Play the warning %n time(s) before ending the call as abusive.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Softphone locked</source>
        <translation>Softphone locked</translation>
    </message>
    <message>
        <source>Locked because nobody used it for a while. Caller information is hidden. Enter your password to continue.</source>
        <translation>Locked because nobody used it for a while. Caller information is hidden. Enter your password to continue.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>A call is ringing. You can answer it now; unlock to see who is calling.</source>
        <translation>A call is ringing. You can answer it now; unlock to see who is calling.</translation>
    </message>
    <message>
        <source>You are in a call. Unlock to see the caller&apos;s details.</source>
        <translation>You are in a call. Unlock to see the caller&apos;s details.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Enter your password.</translation>
    </message>
</context>
<context>
    <name>LoginView</name>
    <message>
        <source>Remember my password on this computer</source>
        <translation>Remember my password on this computer</translation>
    </message>
    <message>
        <source>Center</source>
        <translation>Center</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Center address</source>
        <translation>Center address</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>The address your IT department or supervisor gave you.</source>
        <translation>The address your IT department or supervisor gave you.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Agent Softphone</source>
        <translation>Agent Softphone</translation>
    </message>
    <message>
        <source>Sign in to start your shift.</source>
        <translation>Sign in to start your shift.</translation>
    </message>
    <message>
        <source>Enter the center&apos;s address, e.g. https://center.example/api/v1</source>
        <translation>Enter the center&apos;s address, e.g. https://center.example/api/v1</translation>
    </message>
    <message>
        <source>The center&apos;s address must start with https:// (a secure connection).</source>
        <translation>The center&apos;s address must start with https:// (a secure connection).</translation>
    </message>
    <message>
        <source>This is not a valid center address. Example: https://center.example/api/v1</source>
        <translation>This is not a valid center address. Example: https://center.example/api/v1</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Enter your user name and password.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>The center is reachable.</source>
        <translation>The center is reachable.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Agent Softphone</source>
        <translation>Agent Softphone</translation>
    </message>
    <message>
        <source>&amp;Softphone</source>
        <translation>&amp;Softphone</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>&amp;Network check…</source>
        <translation>&amp;Network check…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Export &amp;diagnostics for IT…</source>
        <translation>Export &amp;diagnostics for IT…</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>End your shift and log out?</source>
        <translation>End your shift and log out?</translation>
    </message>
    <message>
        <source>Unsent work</source>
        <translation>Unsent work</translation>
    </message>
    <message>
        <source>Keep the app open</source>
        <translation>Keep the app open</translation>
    </message>
    <message>
        <source>Export for IT…</source>
        <translation>Export for IT…</translation>
    </message>
    <message>
        <source>Hang up before closing the app.</source>
        <translation>Hang up before closing the app.</translation>
    </message>
    <message>
        <source>Finish the wrap-up before closing: it cannot be saved on this computer now (the secure storage is not open).</source>
        <translation>Finish the wrap-up before closing: it cannot be saved on this computer now (the secure storage is not open).</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Wrong user name or password.</translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation>You are not allowed to do this.</translation>
    </message>
    <message>
        <source>The center address is not valid. Ask IT.</source>
        <translation>The center address is not valid. Ask IT.</translation>
    </message>
    <message>
        <source>The center&apos;s name cannot be found — check that your VPN is connected.</source>
        <translation>The center&apos;s name cannot be found — check that your VPN is connected.</translation>
    </message>
    <message>
        <source>The center refused the connection — it may be down; try again shortly.</source>
        <translation>The center refused the connection — it may be down; try again shortly.</translation>
    </message>
    <message>
        <source>The center does not answer — check your VPN connection.</source>
        <translation>The center does not answer — check your VPN connection.</translation>
    </message>
    <message>
        <source>The proxy server did not let the connection through — ask IT.</source>
        <translation>The proxy server did not let the connection through — ask IT.</translation>
    </message>
    <message>
        <source>Something other than the center answered (a proxy or a sign-in page?) — check your VPN connection, or ask IT.</source>
        <translation>Something other than the center answered (a proxy or a sign-in page?) — check your VPN connection, or ask IT.</translation>
    </message>
    <message>
        <source>No secure password storage (keyring) is available on this computer, so the app cannot keep your password or session safely. Ask IT to enable the system keyring (on Linux: GNOME Keyring or KWallet via Secret Service).</source>
        <translation>No secure password storage (keyring) is available on this computer, so the app cannot keep your password or session safely. Ask IT to enable the system keyring (on Linux: GNOME Keyring or KWallet via Secret Service).</translation>
    </message>
    <message>
        <source>The system keyring is locked: unlock it (sign in to your desktop session again) and retry.</source>
        <translation>The system keyring is locked: unlock it (sign in to your desktop session again) and retry.</translation>
    </message>
    <message>
        <source>The system keyring failed ({0}): try again; if it keeps failing, ask IT to check the keyring.</source>
        <translation>The system keyring failed ({0}): try again; if it keeps failing, ask IT to check the keyring.</translation>
    </message>
    <message>
        <source>The system keyring did not keep the outbox key: ask IT to check the keyring.</source>
        <translation>The system keyring did not keep the outbox key: ask IT to check the keyring.</translation>
    </message>
    <message>
        <source>Wrap-ups cannot be saved on this computer.</source>
        <translation>Wrap-ups cannot be saved on this computer.</translation>
    </message>
    <message>
        <source>{0} saved write(s) (wrap-ups, incidents, callback outcomes) are kept on this computer but cannot be sent: the key that protects them is damaged. Nothing was deleted. Call IT.</source>
        <translation>{0} saved write(s) (wrap-ups, incidents, callback outcomes) are kept on this computer but cannot be sent: the key that protects them is damaged. Nothing was deleted. Call IT.</translation>
    </message>
    <message>
        <source>{0} saved write(s) (wrap-ups, incidents, callback outcomes) are kept on this computer but cannot be sent: the key that protects them is missing from this computer&apos;s keyring. Nothing was deleted. Call IT before signing in elsewhere.</source>
        <translation>{0} saved write(s) (wrap-ups, incidents, callback outcomes) are kept on this computer but cannot be sent: the key that protects them is missing from this computer&apos;s keyring. Nothing was deleted. Call IT before signing in elsewhere.</translation>
    </message>
    <message>
        <source>{0} saved write(s) (wrap-ups, incidents, callback outcomes) are kept on this computer but cannot be sent: this computer&apos;s keyring now holds another key than the one they were saved with (another program replaced it). Nothing was deleted. Call IT.</source>
        <translation>{0} saved write(s) (wrap-ups, incidents, callback outcomes) are kept on this computer but cannot be sent: this computer&apos;s keyring now holds another key than the one they were saved with (another program replaced it). Nothing was deleted. Call IT.</translation>
    </message>
    <message>
        <source>Line not registered (SIP {0}).</source>
        <translation>Line not registered (SIP {0}).</translation>
    </message>
    <message>
        <source>Line not registered: wrong user name or password (SIP {0}).</source>
        <translation>Line not registered: wrong user name or password (SIP {0}).</translation>
    </message>
    <message>
        <source>Line not registered: the phone line server does not know this user (SIP {0}).</source>
        <translation>Line not registered: the phone line server does not know this user (SIP {0}).</translation>
    </message>
    <message>
        <source>Line not registered: the phone line server does not answer. Check the network or VPN.</source>
        <translation>Line not registered: the phone line server does not answer. Check the network or VPN.</translation>
    </message>
    <message>
        <source>Line not registered: the phone line server cannot be reached (SIP {0}). Check the network or VPN.</source>
        <translation>Line not registered: the phone line server cannot be reached (SIP {0}). Check the network or VPN.</translation>
    </message>
    <message>
        <source>Line not registered: the phone line server&apos;s certificate could not be verified. Ask IT for the right CA file or server name.</source>
        <translation>Line not registered: the phone line server&apos;s certificate could not be verified. Ask IT for the right CA file or server name.</translation>
    </message>
    <message>
        <source>Line not registered: this phone cannot use the line&apos;s transport. Ask IT.</source>
        <translation>Line not registered: this phone cannot use the line&apos;s transport. Ask IT.</translation>
    </message>
    <message>
        <source>The network check could not run.</source>
        <translation>The network check could not run.</translation>
    </message>
    <message>
        <source>Technical problem</source>
        <translation>Technical problem</translation>
    </message>
</context>
<context>
    <name>MyShift</name>
    <message>
        <source>Calls handled</source>
        <translation>Calls handled</translation>
    </message>
    <message>
        <source>Average handle time</source>
        <translation>Average handle time</translation>
    </message>
    <message>
        <source>Talk time</source>
        <translation>Talk time</translation>
    </message>
    <message>
        <source>Break time</source>
        <translation>Break time</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <source>Callbacks done</source>
        <translation>Callbacks done</translation>
    </message>
</context>
<context>
    <name>MyShiftPanel</name>
    <message>
        <source>My shift</source>
        <translation>My shift</translation>
    </message>
    <message>
        <source>Take a break</source>
        <translation>Take a break</translation>
    </message>
    <message>
        <source>Talk since your last break: {0} of {1} min</source>
        <translation>Talk since your last break: {0} of {1} min</translation>
    </message>
    <message>
        <source>Talk since your last break: {0} min</source>
        <translation>Talk since your last break: {0} min</translation>
    </message>
    <message>
        <source>You have talked for {0} minutes without a break. Your supervisor has been told.</source>
        <translation>You have talked for {0} minutes without a break. Your supervisor has been told.</translation>
    </message>
    <message>
        <source>{0} incidents this shift. Your supervisor has been told.</source>
        <translation>{0} incidents this shift. Your supervisor has been told.</translation>
    </message>
</context>
<context>
    <name>NotSentButton</name>
    <message>
        <source>Not sent ({0})</source>
        <translation>Not sent ({0})</translation>
    </message>
    <message>
        <source>Writes the center did not accept or never confirmed: open the list to correct and resend them, or give them to your supervisor.</source>
        <translation>Writes the center did not accept or never confirmed: open the list to correct and resend them, or give them to your supervisor.</translation>
    </message>
</context>
<context>
    <name>NotSentPanel</name>
    <message>
        <source>Not sent to the center</source>
        <translation>Not sent to the center</translation>
    </message>
    <message>
        <source>The center did not accept these, or never confirmed them. They are kept on this computer and are not sent again on their own: correct and resend each one, or give it to your supervisor. Nothing is deleted.</source>
        <translation>The center did not accept these, or never confirmed them. They are kept on this computer and are not sent again on their own: correct and resend each one, or give it to your supervisor. Nothing is deleted.</translation>
    </message>
    <message>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Disposition</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Written</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Why it was not sent</source>
        <translation>Why it was not sent</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Give to supervisor…</source>
        <translation>Give to supervisor…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>Wrap-up</translation>
    </message>
    <message>
        <source>Callback result</source>
        <translation>Callback result</translation>
    </message>
    <message>
        <source>Callback try</source>
        <translation>Callback try</translation>
    </message>
    <message>
        <source>Incident report</source>
        <translation>Incident report</translation>
    </message>
    <message>
        <source>Correct and &amp;resend</source>
        <translation>Correct and &amp;resend</translation>
    </message>
    <message>
        <source>Send &amp;again</source>
        <translation>Send &amp;again</translation>
    </message>
    <message>
        <source>Correct the notes if the reason asks for it, then resend: the center checks it again.</source>
        <translation>Correct the notes if the reason asks for it, then resend: the center checks it again.</translation>
    </message>
    <message>
        <source>The center may have recorded it already: it is sent again unchanged, so it is never recorded twice.</source>
        <translation>The center may have recorded it already: it is sent again unchanged, so it is never recorded twice.</translation>
    </message>
    <message>
        <source>{0} / {1}: the limit; the rest was not added</source>
        <translation>{0} / {1}: the limit; the rest was not added</translation>
    </message>
    <message>
        <source>{0} / {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <source>Give to supervisor</source>
        <translation>Give to supervisor</translation>
    </message>
    <message>
        <source>Give this {0} to your supervisor? It leaves your list and is not sent; it stays saved on this computer for your supervisor. Tell your supervisor about it.</source>
        <translation>Give this {0} to your supervisor? It leaves your list and is not sent; it stays saved on this computer for your supervisor. Tell your supervisor about it.</translation>
    </message>
</context>
<context>
    <name>OfferView</name>
    <message>
        <source>Incoming call</source>
        <translation>Incoming call</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Reject</translation>
    </message>
    <message>
        <source>Calling back…</source>
        <translation>Calling back…</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Unknown caller</translation>
    </message>
    <message>
        <source>Queue: {0}</source>
        <translation>Queue: {0}</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
</context>
<context>
    <name>OtherCallCard</name>
    <message>
        <source>Answer (hold the current call)</source>
        <translation>Answer (hold the current call)</translation>
    </message>
    <message>
        <source>Send back to the queue</source>
        <translation>Send back to the queue</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>Swap</translation>
    </message>
    <message>
        <source>Talk to this caller; the current one goes on hold</source>
        <translation>Talk to this caller; the current one goes on hold</translation>
    </message>
    <message>
        <source>Hang up this call</source>
        <translation>Hang up this call</translation>
    </message>
    <message>
        <source>Second call waiting</source>
        <translation>Second call waiting</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>On hold</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Unknown caller</translation>
    </message>
</context>
<context>
    <name>OutcomeDialog</name>
    <message>
        <source>Callback outcome</source>
        <translation>Callback outcome</translation>
    </message>
    <message>
        <source>Outcome of the try to {0}</source>
        <translation>Outcome of the try to {0}</translation>
    </message>
    <message>
        <source>Done: reached</source>
        <translation>Done: reached</translation>
    </message>
    <message>
        <source>No answer (try again later)</source>
        <translation>No answer (try again later)</translation>
    </message>
    <message>
        <source>Busy (try again later)</source>
        <translation>Busy (try again later)</translation>
    </message>
    <message>
        <source>Wrong number (closes the request)</source>
        <translation>Wrong number (closes the request)</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>ProtectiveBreakPanel</name>
    <message>
        <source>Protective break</source>
        <translation>Protective break</translation>
    </message>
    <message>
        <source>Support for you</source>
        <translation>Support for you</translation>
    </message>
    <message>
        <source>Request counseling support</source>
        <translation>Request counseling support</translation>
    </message>
    <message>
        <source>Return early…</source>
        <translation>Return early…</translation>
    </message>
    <message>
        <source>{0}:{1} left</source>
        <translation>{0}:{1} left</translation>
    </message>
    <message numerus="yes">
        <source>Take this time for yourself: the queue offers you no calls. The break lasts at least %n minute(s); you can go Ready after that.</source>
        <translation>
            <numerusform>Take this time for yourself: the queue offers you no calls. The break lasts at least %n minute; you can go Ready after that.</numerusform>
            <numerusform>Take this time for yourself: the queue offers you no calls. The break lasts at least %n minutes; you can go Ready after that.</numerusform>
        </translation>
    </message>
    <message>
        <source>Ask your supervisor about the support the center offers.</source>
        <translation>Ask your supervisor about the support the center offers.</translation>
    </message>
    <message>
        <source>Your request was sent to your supervisor.</source>
        <translation>Your request was sent to your supervisor.</translation>
    </message>
    <message>
        <source>Return early</source>
        <translation>Return early</translation>
    </message>
    <message>
        <source>Your protective break is not over. Return to calls now? Your supervisor sees that you returned early.</source>
        <translation>Your protective break is not over. Return to calls now? Your supervisor sees that you returned early.</translation>
    </message>
    <message>
        <source>Return now</source>
        <translation>Return now</translation>
    </message>
    <message>
        <source>Keep resting</source>
        <translation>Keep resting</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Queues</source>
        <translation>Queues</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Wait</translation>
    </message>
    <message>
        <source>Oldest</source>
        <translation>Oldest</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Busy</translation>
    </message>
    <message>
        <source>Callers waiting</source>
        <translation>Callers waiting</translation>
    </message>
    <message>
        <source>Ticked: the queue offers you its callers</source>
        <translation>Ticked: the queue offers you its callers</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>Longest wait</translation>
    </message>
    <message>
        <source>Counselors ready</source>
        <translation>Counselors ready</translation>
    </message>
    <message>
        <source>Counselors on a call</source>
        <translation>Counselors on a call</translation>
    </message>
    <message>
        <source>Not yours</source>
        <translation>Not yours</translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation>Signing out…</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>Signed in</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Signed out</translation>
    </message>
    <message>
        <source>Sign out of queue</source>
        <translation>Sign out of queue</translation>
    </message>
    <message>
        <source>Sign in to queue</source>
        <translation>Sign in to queue</translation>
    </message>
    <message>
        <source>Sign out of the queue {0}</source>
        <translation>Sign out of the queue {0}</translation>
    </message>
    <message>
        <source>Sign in to the queue {0}</source>
        <translation>Sign in to the queue {0}</translation>
    </message>
    <message>
        <source>Sign in to or out of the selected queue</source>
        <translation>Sign in to or out of the selected queue</translation>
    </message>
    <message>
        <source>You cannot sign out of this queue: {0}</source>
        <translation>You cannot sign out of this queue: {0}</translation>
    </message>
    <message>
        <source>The center does not let you sign out of this queue.</source>
        <translation>The center does not let you sign out of this queue.</translation>
    </message>
    <message>
        <source>This queue is not assigned to you.</source>
        <translation>This queue is not assigned to you.</translation>
    </message>
    <message>
        <source>{0} ({1}/5)</source>
        <translation>{0} ({1}/5)</translation>
    </message>
    <message>
        <source>Your skills: {0}</source>
        <translation>Your skills: {0}</translation>
    </message>
    <message>
        <source>Your skills</source>
        <translation>Your skills</translation>
    </message>
    <message>
        <source>No queue data yet</source>
        <translation>No queue data yet</translation>
    </message>
    <message>
        <source>Queue data {0} s old</source>
        <translation>Queue data {0} s old</translation>
    </message>
    <message>
        <source>Queue data {0} min old</source>
        <translation>Queue data {0} min old</translation>
    </message>
    <message>
        <source>The center has not sent newer figures.</source>
        <translation>The center has not sent newer figures.</translation>
    </message>
</context>
<context>
    <name>ReadinessDialog</name>
    <message>
        <source>Network check</source>
        <translation>Network check</translation>
    </message>
    <message>
        <source>Center</source>
        <translation>Center</translation>
    </message>
    <message>
        <source>Name lookup (DNS)</source>
        <translation>Name lookup (DNS)</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>Clock</translation>
    </message>
    <message>
        <source>Phone line server</source>
        <translation>Phone line server</translation>
    </message>
    <message>
        <source>Large phone-line messages</source>
        <translation>Large phone-line messages</translation>
    </message>
    <message>
        <source>Voice: loss</source>
        <translation>Voice: loss</translation>
    </message>
    <message>
        <source>Voice: evenness (jitter)</source>
        <translation>Voice: evenness (jitter)</translation>
    </message>
    <message>
        <source>Voice: delay</source>
        <translation>Voice: delay</translation>
    </message>
    <message>
        <source>Expected call quality</source>
        <translation>Expected call quality</translation>
    </message>
    <message>
        <source>Headset and microphone</source>
        <translation>Headset and microphone</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>Fair</translation>
    </message>
    <message>
        <source>Poor</source>
        <translation>Poor</translation>
    </message>
    <message>
        <source>Not measured</source>
        <translation>Not measured</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>Run again</translation>
    </message>
    <message>
        <source>Open previous results</source>
        <translation>Open previous results</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>The network has not been checked yet.</source>
        <translation>The network has not been checked yet.</translation>
    </message>
    <message>
        <source>Checked {0}</source>
        <translation>Checked {0}</translation>
    </message>
    <message>
        <source>Saved for IT: {0}</source>
        <translation>Saved for IT: {0}</translation>
    </message>
    <message>
        <source>Checking the network…</source>
        <translation>Checking the network…</translation>
    </message>
    <message>
        <source>the center</source>
        <translation>the center</translation>
    </message>
    <message>
        <source>name lookup</source>
        <translation>name lookup</translation>
    </message>
    <message>
        <source>the clock</source>
        <translation>the clock</translation>
    </message>
    <message>
        <source>the phone line server</source>
        <translation>the phone line server</translation>
    </message>
    <message>
        <source>the voice path</source>
        <translation>the voice path</translation>
    </message>
    <message>
        <source>Checking the network: {0}…</source>
        <translation>Checking the network: {0}…</translation>
    </message>
    <message>
        <source>No saved results yet</source>
        <translation>No saved results yet</translation>
    </message>
</context>
<context>
    <name>ReauthPanel</name>
    <message>
        <source>Sign in again</source>
        <translation>Sign in again</translation>
    </message>
    <message>
        <source>Your session with the center ended. Sign in again to keep working: your call and unsent work are kept.</source>
        <translation>Your session with the center ended. Sign in again to keep working: your call and unsent work are kept.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>You are not signed in to the center: writes wait on this computer.</source>
        <translation>You are not signed in to the center: writes wait on this computer.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Set by your IT department; ask IT to change it.</source>
        <translation>Set by your IT department; ask IT to change it.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>&amp;Microphone</source>
        <translation>&amp;Microphone</translation>
    </message>
    <message>
        <source>&amp;Headset (caller&apos;s voice)</source>
        <translation>&amp;Headset (caller&apos;s voice)</translation>
    </message>
    <message>
        <source>&amp;Ring on</source>
        <translation>&amp;Ring on</translation>
    </message>
    <message>
        <source>Microphone level</source>
        <translation>Microphone level</translation>
    </message>
    <message>
        <source>Stop the test</source>
        <translation>Stop the test</translation>
    </message>
    <message>
        <source>&amp;Test microphone</source>
        <translation>&amp;Test microphone</translation>
    </message>
    <message>
        <source>&amp;Echo test</source>
        <translation>&amp;Echo test</translation>
    </message>
    <message>
        <source>Records 3 seconds and plays them back on the headset</source>
        <translation>Records 3 seconds and plays them back on the headset</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Calls</translation>
    </message>
    <message>
        <source>&amp;Answer queue calls automatically</source>
        <translation>&amp;Answer queue calls automatically</translation>
    </message>
    <message>
        <source>Play a short &amp;beep before an auto-answered call</source>
        <translation>Play a short &amp;beep before an auto-answered call</translation>
    </message>
    <message>
        <source>Language and appearance</source>
        <translation>Language and appearance</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>T&amp;heme</source>
        <translation>T&amp;heme</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Restore the default keys</source>
        <translation>Restore the default keys</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>System default</translation>
    </message>
    <message>
        <source>Set by IT</source>
        <translation>Set by IT</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>As the system</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Light</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dark</translation>
    </message>
    <message>
        <source>{0} (not connected)</source>
        <translation>{0} (not connected)</translation>
    </message>
    <message>
        <source>“{0}” and “{1}” use the same keys. Choose different keys for one of them.</source>
        <translation>“{0}” and “{1}” use the same keys. Choose different keys for one of them.</translation>
    </message>
    <message>
        <source>Some settings could not be saved: {0}. Check that your settings folder is writable.</source>
        <translation>Some settings could not be saved: {0}. Check that your settings folder is writable.</translation>
    </message>
    <message>
        <source>Speak now: recording 3 seconds, then playing back…</source>
        <translation>Speak now: recording 3 seconds, then playing back…</translation>
    </message>
    <message>
        <source>Did you hear yourself? If not, choose another headset.</source>
        <translation>Did you hear yourself? If not, choose another headset.</translation>
    </message>
    <message>
        <source>The echo test failed.</source>
        <translation>The echo test failed.</translation>
    </message>
</context>
<context>
    <name>SettingsProblemsDialog</name>
    <message>
        <source>Agent Softphone cannot start</source>
        <translation>Agent Softphone cannot start</translation>
    </message>
    <message>
        <source>Your IT department&apos;s settings for this computer have a problem, so the softphone does not start. Please tell IT what is shown below (it is also in the log file).</source>
        <translation>Your IT department&apos;s settings for this computer have a problem, so the softphone does not start. Please tell IT what is shown below (it is also in the log file).</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ShiftSummaryDialog</name>
    <message>
        <source>Your shift</source>
        <translation>Your shift</translation>
    </message>
    <message>
        <source>Your shift lasted {0}.</source>
        <translation>Your shift lasted {0}.</translation>
    </message>
    <message>
        <source>Thank you. These figures are kept only until you close this window.</source>
        <translation>Thank you. These figures are kept only until you close this window.</translation>
    </message>
</context>
<context>
    <name>ShortcutListDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Shortcuts work while the softphone window is in front. When another program is in front, answer from the notification or the tray icon&apos;s menu. Headset buttons work only where the system passes them to the app.</source>
        <translation>Shortcuts work while the softphone window is in front. When another program is in front, answer from the notification or the tray icon&apos;s menu. Headset buttons work only where the system passes them to the app.</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Answer the call</source>
        <translation>Answer the call</translation>
    </message>
    <message>
        <source>Decline the call</source>
        <translation>Decline the call</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <source>Hold / resume</source>
        <translation>Hold / resume</translation>
    </message>
    <message>
        <source>Mute / unmute</source>
        <translation>Mute / unmute</translation>
    </message>
    <message>
        <source>Go Ready</source>
        <translation>Go Ready</translation>
    </message>
    <message>
        <source>Not Ready (choose a reason)</source>
        <translation>Not Ready (choose a reason)</translation>
    </message>
    <message>
        <source>Break (choose a reason)</source>
        <translation>Break (choose a reason)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Answer or hang up</source>
        <translation>Answer or hang up</translation>
    </message>
    <message>
        <source>Headset: call button</source>
        <translation>Headset: call button</translation>
    </message>
    <message>
        <source>Headset: hang-up button</source>
        <translation>Headset: hang-up button</translation>
    </message>
    <message>
        <source>Headset: call/hang-up button</source>
        <translation>Headset: call/hang-up button</translation>
    </message>
    <message>
        <source>Headset: microphone mute</source>
        <translation>Headset: microphone mute</translation>
    </message>
    <message>
        <source>Headset: play/pause (answers only)</source>
        <translation>Headset: play/pause (answers only)</translation>
    </message>
</context>
<context>
    <name>State</name>
    <message>
        <source>Logged out</source>
        <translation>Logged out</translation>
    </message>
    <message>
        <source>Not Ready</source>
        <translation>Not Ready</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Break</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>Ringing</translation>
    </message>
    <message>
        <source>On call</source>
        <translation>On call</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>Wrap-up</translation>
    </message>
</context>
<context>
    <name>StateBar</name>
    <message>
        <source>Go Ready</source>
        <translation>Go Ready</translation>
    </message>
    <message>
        <source>Not Ready</source>
        <translation>Not Ready</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Break</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>After this call: {0}</source>
        <translation>After this call: {0}</translation>
    </message>
    <message>
        <source>Line down</source>
        <translation>Line down</translation>
    </message>
    <message>
        <source>Line ready</source>
        <translation>Line ready</translation>
    </message>
    <message>
        <source>Line ready (TLS)</source>
        <translation>Line ready (TLS)</translation>
    </message>
    <message>
        <source>Signalling encrypted: {0}, {1}</source>
        <translation>Signalling encrypted: {0}, {1}</translation>
    </message>
    <message>
        <source>Signalling not encrypted ({0})</source>
        <translation>Signalling not encrypted ({0})</translation>
    </message>
    <message>
        <source>This call is encrypted: signalling (TLS) and audio (SRTP).</source>
        <translation>This call is encrypted: signalling (TLS) and audio (SRTP).</translation>
    </message>
    <message>
        <source>IT turned off the check of the phone server&apos;s certificate: another computer could pose as the server. Ask IT to turn it back on.</source>
        <translation>IT turned off the check of the phone server&apos;s certificate: another computer could pose as the server. Ask IT to turn it back on.</translation>
    </message>
    <message>
        <source>Server certificate not verified</source>
        <translation>Server certificate not verified</translation>
    </message>
    <message>
        <source>⇡ {0} to send</source>
        <translation>⇡ {0} to send</translation>
    </message>
</context>
<context>
    <name>ThreadPanel</name>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Write to your supervisor…</source>
        <translation>Write to your supervisor…</translation>
    </message>
    <message>
        <source>Message to your supervisor</source>
        <translation>Message to your supervisor</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Ask your supervisor here, during a call or between calls. The answer shows here and in a notice.</source>
        <translation>Ask your supervisor here, during a call or between calls. The answer shows here and in a notice.</translation>
    </message>
    <message>
        <source>You</source>
        <translation>You</translation>
    </message>
    <message>
        <source>Counseling request</source>
        <translation>Counseling request</translation>
    </message>
    <message>
        <source>{0} acknowledged your incident report.</source>
        <translation>{0} acknowledged your incident report.</translation>
    </message>
    <message>
        <source>{0} saw that you need a break.</source>
        <translation>{0} saw that you need a break.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Not sent</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Send again</translation>
    </message>
    <message>
        <source>Messages cannot reach your supervisor now: {0}</source>
        <translation>Messages cannot reach your supervisor now: {0}</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Callback due</source>
        <translation>Callback due</translation>
    </message>
</context>
<context>
    <name>WindowLock</name>
    <message>
        <source>That is not your password.</source>
        <translation>That is not your password.</translation>
    </message>
    <message>
        <source>The password could not be checked (is the center reachable?). Try again.</source>
        <translation>The password could not be checked (is the center reachable?). Try again.</translation>
    </message>
</context>
<context>
    <name>WrapupView</name>
    <message>
        <source>Wrap-up</source>
        <translation>Wrap-up</translation>
    </message>
    <message>
        <source>Notes for the case (what was asked, what you did)</source>
        <translation>Notes for the case (what was asked, what you did)</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Disposition</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>&amp;Finish wrap-up</source>
        <translation>&amp;Finish wrap-up</translation>
    </message>
    <message>
        <source>{0} / {1}: the limit; the rest was not added</source>
        <translation>{0} / {1}: the limit; the rest was not added</translation>
    </message>
    <message>
        <source>{0} / {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <source>Loading dispositions…</source>
        <translation>Loading dispositions…</translation>
    </message>
    <message>
        <source>Choose a disposition to finish.</source>
        <translation>Choose a disposition to finish.</translation>
    </message>
    <message>
        <source>Wrap-up: callback</source>
        <translation>Wrap-up: callback</translation>
    </message>
    <message>
        <source>over by {0}</source>
        <translation>over by {0}</translation>
    </message>
</context>
<context>
    <name>_Answer</name>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
</context>
</TS>
