<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name></name>
    <message>
        <source>Export diagnostics for IT</source>
        <translation>진단 정보 내보내기(IT용)</translation>
    </message>
    <message>
        <source>Diagnostics saved for IT: {0}</source>
        <translation>IT용 진단 정보를 저장했습니다: {0}</translation>
    </message>
    <message>
        <source>The diagnostics could not be saved: {0}</source>
        <translation>진단 정보를 저장하지 못했습니다: {0}</translation>
    </message>
    <message>
        <source>No microphone found: plug in a headset and choose it above.</source>
        <translation>마이크를 찾을 수 없습니다. 헤드셋을 연결하고 위에서 선택하세요.</translation>
    </message>
    <message>
        <source>Not during a call: try again after it.</source>
        <translation>통화 중에는 할 수 없습니다. 통화가 끝난 뒤 다시 시도하세요.</translation>
    </message>
    <message>
        <source>The echo test failed: check that the headset is plugged in.</source>
        <translation>에코 테스트에 실패했습니다. 헤드셋이 연결되어 있는지 확인하세요.</translation>
    </message>
</context>
<context>
    <name>AbuseDialog</name>
    <message>
        <source>End abusive call</source>
        <translation>폭언 통화 종료</translation>
    </message>
    <message>
        <source>The call ends, the incident goes to your supervisor with the call&apos;s timeline, and the center keeps the recording. Then you take a protective break.</source>
        <translation>통화가 종료되고, 사건이 통화 경과와 함께 관리자에게 보고되며, 센터는 녹음을 보존합니다. 그다음 보호 휴식을 갖습니다.</translation>
    </message>
    <message>
        <source>Verbal abuse</source>
        <translation>폭언</translation>
    </message>
    <message>
        <source>Sexual harassment</source>
        <translation>성희롱</translation>
    </message>
    <message>
        <source>Threat</source>
        <translation>위협</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>기타</translation>
    </message>
    <message>
        <source>What happened?</source>
        <translation>무슨 일이 있었나요?</translation>
    </message>
    <message>
        <source>Your note (optional)</source>
        <translation>메모 (선택)</translation>
    </message>
    <message>
        <source>What the caller said or did, in your words</source>
        <translation>고객이 한 말이나 행동을 직접 적어 주세요</translation>
    </message>
    <message>
        <source>End call and report</source>
        <translation>통화 종료 및 보고</translation>
    </message>
</context>
<context>
    <name>AgentTray</name>
    <message>
        <source>Show the softphone</source>
        <translation>소프트폰 창 보기</translation>
    </message>
    <message>
        <source>Answer the call</source>
        <translation>전화 받기</translation>
    </message>
    <message>
        <source>Go Ready</source>
        <translation>상담 가능 전환</translation>
    </message>
    <message>
        <source>Not Ready</source>
        <translation>상담 불가</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>휴식</translation>
    </message>
    <message>
        <source>Export diagnostics for IT…</source>
        <translation>진단 정보 내보내기(IT용)…</translation>
    </message>
    <message>
        <source>Line down</source>
        <translation>회선 끊김</translation>
    </message>
    <message>
        <source>Phone line lost</source>
        <translation>전화 회선이 끊어졌습니다</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>관리자</translation>
    </message>
    <message>
        <source>Your incident report was acknowledged.</source>
        <translation>사건 보고가 확인되었습니다.</translation>
    </message>
    <message>
        <source>Message from {0}</source>
        <translation>{0} 님의 메시지</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>알 수 없는 발신자</translation>
    </message>
    <message>
        <source>Unlock the softphone to see who is calling.</source>
        <translation>발신자를 보려면 소프트폰 잠금을 해제하세요.</translation>
    </message>
    <message>
        <source>Queue: {0}</source>
        <translation>대기열: {0}</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>수신 전화</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>받기</translation>
    </message>
</context>
<context>
    <name>Audio</name>
    <message>
        <source>Ring device</source>
        <translation>벨소리 출력 장치</translation>
    </message>
    <message>
        <source>No ring device found: incoming calls are shown on screen only.</source>
        <translation>벨소리 장치가 없습니다: 수신 전화는 화면에만 표시됩니다.</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>마이크</translation>
    </message>
    <message>
        <source>Headset</source>
        <translation>헤드셋</translation>
    </message>
    <message>
        <source>No microphone found: calls connect, but the caller hears silence. Plug in a headset and choose it in Settings &gt; Audio.</source>
        <translation>마이크가 없습니다: 통화는 연결되지만 고객에게는 아무 소리도 들리지 않습니다. 헤드셋을 연결하고 설정 &gt; 오디오에서 선택하세요.</translation>
    </message>
    <message>
        <source>No speaker or headset found: calls connect, but you hear nothing. Plug in a headset and choose it in Settings &gt; Audio.</source>
        <translation>스피커나 헤드셋이 없습니다: 통화는 연결되지만 아무 소리도 들리지 않습니다. 헤드셋을 연결하고 설정 &gt; 오디오에서 선택하세요.</translation>
    </message>
    <message>
        <source>The sound system could not be started: calls connect without sound. Call IT.</source>
        <translation>사운드 시스템을 시작할 수 없습니다. 통화는 소리 없이 연결됩니다. IT 담당자에게 연락하세요.</translation>
    </message>
</context>
<context>
    <name>CallbacksPanel</name>
    <message>
        <source>Callbacks</source>
        <translation>콜백 목록</translation>
    </message>
    <message>
        <source>Open requests</source>
        <translation>미처리 요청</translation>
    </message>
    <message>
        <source>My scheduled callbacks</source>
        <translation>내 예약 콜백</translation>
    </message>
    <message>
        <source>Outcome…</source>
        <translation>결과…</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>반환</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>번호</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>요청 시각</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>희망 시간</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>시도</translation>
    </message>
    <message>
        <source>When the caller asked for a callback</source>
        <translation>고객이 콜백을 요청한 시각</translation>
    </message>
    <message>
        <source>The caller&apos;s preferred time</source>
        <translation>고객이 원하는 시간</translation>
    </message>
    <message>
        <source>Tries made of the most allowed</source>
        <translation>허용된 최대 시도 중 시도한 횟수</translation>
    </message>
    <message>
        <source>Callable</source>
        <translation>통화 가능 시각</translation>
    </message>
    <message>
        <source>The earliest time it can be called</source>
        <translation>가장 빨리 전화할 수 있는 시각</translation>
    </message>
    <message>
        <source>Next due</source>
        <translation>다음 예정</translation>
    </message>
    <message>
        <source>The next try, by the center&apos;s retry rule</source>
        <translation>센터의 재시도 규칙에 따른 다음 시도</translation>
    </message>
    <message>
        <source>Open requests ({0})</source>
        <translation>미처리 요청 ({0})</translation>
    </message>
    <message>
        <source>My scheduled ({0})</source>
        <translation>내 예약 ({0})</translation>
    </message>
    <message>
        <source>Due now: {0}</source>
        <translation>지금 예정: {0}</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>다시 걸기</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
</context>
<context>
    <name>Center</name>
    <message>
        <source>The center is not reachable — check your VPN connection.</source>
        <translation>센터에 연결할 수 없습니다 — VPN 연결을 확인하세요.</translation>
    </message>
    <message>
        <source>The center did not answer in time — try again in a moment.</source>
        <translation>센터 응답이 늦어지고 있습니다 — 잠시 후 다시 시도하세요.</translation>
    </message>
    <message>
        <source>The center&apos;s certificate could not be verified — do not continue; contact IT.</source>
        <translation>센터 인증서를 확인할 수 없습니다 — 진행하지 말고 IT 부서에 연락하세요.</translation>
    </message>
    <message>
        <source>Your session has expired — please sign in again.</source>
        <translation>세션이 만료되었습니다 — 다시 로그인해 주세요.</translation>
    </message>
    <message>
        <source>Someone else changed this first — reload and try again.</source>
        <translation>다른 사람이 먼저 변경했습니다 — 새로 고친 뒤 다시 시도하세요.</translation>
    </message>
    <message>
        <source>The center sent an answer the app does not understand — try again, and contact IT if it keeps happening.</source>
        <translation>센터의 응답을 앱이 이해하지 못했습니다 — 다시 시도하고, 계속되면 IT 부서에 연락하세요.</translation>
    </message>
    <message>
        <source>The center had a problem — try again in a moment.</source>
        <translation>센터에 문제가 발생했습니다 — 잠시 후 다시 시도하세요.</translation>
    </message>
    <message>
        <source>The center refused the request.</source>
        <translation>센터가 요청을 거부했습니다.</translation>
    </message>
    <message>
        <source>These are another counselor&apos;s sign-in details. Sign in again with your own password.</source>
        <translation>다른 상담원의 로그인 정보입니다. 본인 비밀번호로 다시 로그인하세요.</translation>
    </message>
    <message>
        <source>There is no session to resume on this computer: log in again.</source>
        <translation>이 컴퓨터에는 이어서 사용할 세션이 없습니다. 다시 로그인하세요.</translation>
    </message>
</context>
<context>
    <name>ChecklistView</name>
    <message>
        <source>Center connection (VPN)</source>
        <translation>센터 연결(VPN)</translation>
    </message>
    <message>
        <source>Phone line</source>
        <translation>전화 회선</translation>
    </message>
    <message>
        <source>SIP stack</source>
        <translation>SIP 스택</translation>
    </message>
    <message>
        <source>Headset and speakers</source>
        <translation>헤드셋 및 스피커</translation>
    </message>
    <message>
        <source>Network for calls</source>
        <translation>통화용 네트워크</translation>
    </message>
    <message>
        <source>Health self-check</source>
        <translation>건강 자가 점검</translation>
    </message>
    <message>
        <source>Before your shift</source>
        <translation>근무 시작 전 점검</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>자세히…</translation>
    </message>
    <message>
        <source>Continue to the desk</source>
        <translation>상담 화면으로 이동</translation>
    </message>
    <message>
        <source>Before your shift, {0}</source>
        <translation>{0}님, 근무 시작 전 점검</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <source>Go Ready</source>
        <translation>상담 가능 전환</translation>
    </message>
    <message>
        <source>Stay Not Ready</source>
        <translation>상담 불가 유지</translation>
    </message>
    <message>
        <source>The connection is back. You are Not Ready: go Ready again?</source>
        <translation>연결이 복구되었습니다. 현재 상담 불가 상태입니다. 다시 상담 가능으로 전환할까요?</translation>
    </message>
    <message>
        <source>(offline for {0})</source>
        <translation>({0} 동안 연결 끊김)</translation>
    </message>
</context>
<context>
    <name>ContextPanel</name>
    <message>
        <source>Caller</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>Menu choices</source>
        <translation>ARS 선택 경로</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>진행 중인 건</translation>
    </message>
    <message>
        <source>Recent contacts</source>
        <translation>최근 상담 이력</translation>
    </message>
    <message>
        <source>Looking up the caller…</source>
        <translation>고객 정보를 조회하는 중…</translation>
    </message>
    <message>
        <source>No caller</source>
        <translation>연결된 고객 없음</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>알 수 없는 발신자</translation>
    </message>
    <message>
        <source>New caller (no customer record)</source>
        <translation>신규 고객(고객 정보 없음)</translation>
    </message>
    <message>
        <source>waited {0}</source>
        <translation>대기 {0}</translation>
    </message>
    <message>
        <source>open</source>
        <translation>접수</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>보류</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>처리 중</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>종결</translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <source>You missed a call, so you are now Not Ready. Go Ready when you can take calls.</source>
        <translation>전화를 받지 못해 상담 불가 상태로 바뀌었습니다. 전화를 받을 수 있을 때 상담 가능으로 전환하세요.</translation>
    </message>
    <message>
        <source>You have not heard the caller for a while. Ask if they are still there, or check the line.</source>
        <translation>한동안 고객의 소리가 들리지 않습니다. 고객이 통화 중인지 확인하거나 회선을 점검하세요.</translation>
    </message>
    <message>
        <source>Finish the current call before calling back.</source>
        <translation>다시 걸기 전에 현재 통화를 마치세요.</translation>
    </message>
    <message>
        <source>This callback has no usable number.</source>
        <translation>이 콜백 요청에는 사용할 수 있는 번호가 없습니다.</translation>
    </message>
    <message>
        <source>Your microphone seems silent. Check that the headset is plugged in and not muted on its cable.</source>
        <translation>마이크 소리가 들어오지 않는 것 같습니다. 헤드셋 연결과 케이블의 음소거 스위치를 확인하세요.</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>응답 없음</translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation>잘못된 번호</translation>
    </message>
    <message>
        <source>The call did not connect: {0}</source>
        <translation>전화가 연결되지 않았습니다: {0}</translation>
    </message>
    <message>
        <source>Something went wrong talking to the center. Try again.</source>
        <translation>센터와 통신하는 중 문제가 발생했습니다. 다시 시도해 주세요.</translation>
    </message>
    <message>
        <source>Missed call</source>
        <translation>부재중 전화</translation>
    </message>
    <message>
        <source>Answer the self-check</source>
        <translation>자가 점검에 답해 주세요</translation>
    </message>
    <message>
        <source>You are not cleared for calls today. Follow the guidance and talk to your supervisor.</source>
        <translation>오늘은 상담 업무를 할 수 없습니다. 안내에 따라 관리자와 상의하세요.</translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation>통과</translation>
    </message>
    <message>
        <source>Not cleared: see the guidance</source>
        <translation>미통과: 안내를 확인하세요</translation>
    </message>
    <message>
        <source>Please answer this question.</source>
        <translation>이 질문에 답해 주세요.</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>통화 중</translation>
    </message>
    <message>
        <source>Done: reached</source>
        <translation>완료: 통화함</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>연결 안 됨</translation>
    </message>
    <message>
        <source>A scheduled callback is due now: {0}</source>
        <translation>예약된 콜백 시간입니다: {0}</translation>
    </message>
    <message>
        <source>No connection to the center: you are Not Ready. Calls and wrap-ups are kept and will be sent.</source>
        <translation>센터와 연결되지 않아 상담 불가 상태입니다. 통화 및 후처리 기록은 보관되었다가 전송됩니다.</translation>
    </message>
    <message>
        <source>The phone line is down: you are Not Ready. Wrap-ups are kept and will be sent.</source>
        <translation>전화 회선이 끊겨 상담 불가 상태입니다. 후처리 기록은 보관되었다가 전송됩니다.</translation>
    </message>
    <message>
        <source>The connection is back ({0} s without it).</source>
        <translation>연결이 복구되었습니다({0}초 동안 끊김).</translation>
    </message>
    <message>
        <source>The wrap-up of your previous call is back: finish it to take calls again.</source>
        <translation>이전 통화의 후처리를 복원했습니다. 다시 전화를 받으려면 후처리를 완료하세요.</translation>
    </message>
    <message>
        <source>That number cannot be dialled.</source>
        <translation>이 번호로는 걸 수 없습니다.</translation>
    </message>
    <message>
        <source>Finish the current call first.</source>
        <translation>먼저 현재 통화를 마치세요.</translation>
    </message>
    <message>
        <source>Type a number or an extension.</source>
        <translation>번호나 내선 번호를 입력하세요.</translation>
    </message>
    <message>
        <source>That is not a phone number or extension.</source>
        <translation>전화번호나 내선 번호가 아닙니다.</translation>
    </message>
    <message>
        <source>International numbers cannot be dialled from here.</source>
        <translation>이곳에서는 국제 전화를 걸 수 없습니다.</translation>
    </message>
    <message>
        <source>The center does not allow calls to this number.</source>
        <translation>센터에서 이 번호로의 통화를 허용하지 않습니다.</translation>
    </message>
    <message>
        <source>The directory is not available now.</source>
        <translation>지금은 연락처 목록을 사용할 수 없습니다.</translation>
    </message>
    <message>
        <source>That directory entry is gone.</source>
        <translation>해당 연락처가 더 이상 없습니다.</translation>
    </message>
    <message>
        <source>Calls cannot be transferred to {0}.</source>
        <translation>{0}(으)로는 통화를 전환할 수 없습니다.</translation>
    </message>
    <message>
        <source>Your wrap-up draft could not be saved on this computer. Finish it before closing the app.</source>
        <translation>작성 중인 후처리를 이 컴퓨터에 저장하지 못했습니다. 앱을 닫기 전에 후처리를 완료하세요.</translation>
    </message>
    <message>
        <source>unknown reason</source>
        <translation>알 수 없는 이유</translation>
    </message>
    <message>
        <source>The other side did not accept the change to the call (hold or resume). Try again.</source>
        <translation>상대방이 통화 변경(보류 또는 재개)을 받아들이지 않았습니다. 다시 시도하세요.</translation>
    </message>
    <message>
        <source>the line is busy</source>
        <translation>통화 중입니다</translation>
    </message>
    <message>
        <source>nobody answered</source>
        <translation>받지 않았습니다</translation>
    </message>
    <message>
        <source>the call was declined</source>
        <translation>상대방이 거절했습니다</translation>
    </message>
    <message>
        <source>the number cannot be reached</source>
        <translation>연결할 수 없는 번호입니다</translation>
    </message>
    <message>
        <source>a network problem; check your connection and try again</source>
        <translation>네트워크 문제입니다. 연결을 확인하고 다시 시도하세요</translation>
    </message>
    <message>
        <source>you cancelled it</source>
        <translation>직접 취소했습니다</translation>
    </message>
    <message>
        <source>You have talked for {0} minutes without a break. Take a break: your supervisor has been told.</source>
        <translation>휴식 없이 {0}분 동안 통화했습니다. 휴식을 취하세요. 관리자에게도 알렸습니다.</translation>
    </message>
    <message>
        <source>{0} incidents this shift. Take a break: your supervisor has been told.</source>
        <translation>이번 근무에서 사건이 {0}건 있었습니다. 휴식을 취하세요. 관리자에게도 알렸습니다.</translation>
    </message>
    <message>
        <source>The center&apos;s name is found in {0} ms.</source>
        <translation>센터 이름을 {0} ms 만에 조회했습니다.</translation>
    </message>
    <message>
        <source>Finding the center&apos;s name takes {0} ms: ask IT to check the VPN&apos;s name servers.</source>
        <translation>센터 이름 조회에 {0} ms가 걸립니다. IT 부서에 VPN의 네임 서버 점검을 요청하세요.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock matches the center&apos;s.</source>
        <translation>이 컴퓨터의 시계가 센터와 일치합니다.</translation>
    </message>
    <message>
        <source>The phone line server answers over {0} in {1} ms.</source>
        <translation>전화 회선 서버가 {0}로 {1} ms 만에 응답합니다.</translation>
    </message>
    <message>
        <source>The phone line server answers slowly over {0} ({1} ms): calls may take longer to connect.</source>
        <translation>전화 회선 서버가 {0}로 느리게 응답합니다({1} ms). 전화 연결이 늦어질 수 있습니다.</translation>
    </message>
    <message>
        <source>No voice is lost on the way.</source>
        <translation>전송 중 손실되는 음성이 없습니다.</translation>
    </message>
    <message>
        <source>The voice arrives evenly.</source>
        <translation>음성이 고르게 도착합니다.</translation>
    </message>
    <message>
        <source>No working microphone or headset: plug in a headset and choose it in Settings.</source>
        <translation>작동하는 마이크나 헤드셋이 없습니다. 헤드셋을 연결하고 설정에서 선택하세요.</translation>
    </message>
    <message>
        <source>What could be checked is fine, but the phone line and the voice path were not tested.</source>
        <translation>점검할 수 있는 항목은 정상이지만, 전화 회선과 음성 경로는 점검하지 못했습니다.</translation>
    </message>
    <message>
        <source>The center does not answer: check that your VPN is connected.</source>
        <translation>센터가 응답하지 않습니다. VPN이 연결되어 있는지 확인하세요.</translation>
    </message>
    <message>
        <source>Not tested.</source>
        <translation>점검하지 않았습니다.</translation>
    </message>
    <message>
        <source>The center is reached by its address: no name lookup is needed.</source>
        <translation>센터에 주소로 직접 연결하므로 이름 조회가 필요 없습니다.</translation>
    </message>
    <message>
        <source>The center&apos;s name cannot be found: check that your VPN is connected.</source>
        <translation>센터 이름을 찾을 수 없습니다. VPN이 연결되어 있는지 확인하세요.</translation>
    </message>
    <message>
        <source>The center&apos;s clock could not be read.</source>
        <translation>센터의 시각을 확인할 수 없습니다.</translation>
    </message>
    <message>
        <source>Sign in to test the phone line.</source>
        <translation>전화 회선을 점검하려면 로그인하세요.</translation>
    </message>
    <message>
        <source>Sign in to test the voice path.</source>
        <translation>음성 경로를 점검하려면 로그인하세요.</translation>
    </message>
    <message>
        <source>Expected call quality: good.</source>
        <translation>예상 통화 품질: 양호.</translation>
    </message>
    <message>
        <source>Expected call quality: fair. Callers may notice the problems above.</source>
        <translation>예상 통화 품질: 보통. 고객이 위의 문제를 느낄 수 있습니다.</translation>
    </message>
    <message>
        <source>Expected call quality: poor. Fix the problems above before taking calls.</source>
        <translation>예상 통화 품질: 나쁨. 전화를 받기 전에 위의 문제를 해결하세요.</translation>
    </message>
    <message>
        <source>The sound devices are not checked yet.</source>
        <translation>사운드 장치를 아직 점검하지 않았습니다.</translation>
    </message>
    <message>
        <source>The microphone and headset are ready.</source>
        <translation>마이크와 헤드셋이 준비되었습니다.</translation>
    </message>
    <message>
        <source>Your network is ready for calls.</source>
        <translation>네트워크가 통화할 준비가 되었습니다.</translation>
    </message>
    <message>
        <source>Your network works, but calls may suffer: see the amber rows.</source>
        <translation>네트워크는 동작하지만 통화 품질이 떨어질 수 있습니다. 노란색 항목을 확인하세요.</translation>
    </message>
    <message>
        <source>Your network is not ready for calls: see the red rows, or call IT.</source>
        <translation>네트워크가 통화할 준비가 되지 않았습니다. 빨간색 항목을 확인하거나 IT 부서에 연락하세요.</translation>
    </message>
    <message>
        <source>Nothing could be measured.</source>
        <translation>아무것도 측정하지 못했습니다.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is {0} s off the center&apos;s: ask IT to set the time automatically.</source>
        <translation>이 컴퓨터의 시계가 센터와 {0}초 차이 납니다. IT 부서에 시간 자동 설정을 요청하세요.</translation>
    </message>
    <message>
        <source>The center did not say where its phone line server is.</source>
        <translation>센터가 전화 회선 서버의 주소를 알려 주지 않았습니다.</translation>
    </message>
    <message>
        <source>Not tested: the phone line server does not answer.</source>
        <translation>점검하지 않음: 전화 회선 서버가 응답하지 않습니다.</translation>
    </message>
    <message>
        <source>Large phone-line messages are lost on the way over {0} (a path MTU problem, common with VPNs). They get through over TCP: ask IT to switch your line to TCP.</source>
        <translation>큰 전화 회선 메시지가 {0}로 전송되는 도중 손실됩니다(VPN에서 흔한 경로 MTU 문제). TCP로는 전달되므로 IT 부서에 회선을 TCP로 바꿔 달라고 요청하세요.</translation>
    </message>
    <message>
        <source>Large phone-line messages are lost on the way over {0} (a path MTU problem, common with VPNs): calls may fail to connect. Ask IT to switch your line to TCP.</source>
        <translation>큰 전화 회선 메시지가 {0}로 전송되는 도중 손실됩니다(VPN에서 흔한 경로 MTU 문제). 전화가 연결되지 않을 수 있습니다. IT 부서에 회선을 TCP로 바꿔 달라고 요청하세요.</translation>
    </message>
    <message>
        <source>{0} % of the voice is lost on the way: callers will hear gaps. Close video and download apps, or use a cable instead of Wi-Fi.</source>
        <translation>음성의 {0} %가 전송 중에 손실됩니다. 고객에게 소리가 끊겨 들립니다. 동영상 및 다운로드 프로그램을 종료하거나, Wi-Fi 대신 유선 케이블을 사용하세요.</translation>
    </message>
    <message>
        <source>The voice arrives unevenly ({0} ms jitter): callers may sound choppy. Close video and download apps, or use a cable instead of Wi-Fi.</source>
        <translation>음성이 고르지 않게 도착합니다(지터 {0} ms). 고객의 목소리가 끊겨 들릴 수 있습니다. 동영상 및 다운로드 프로그램을 종료하거나, Wi-Fi 대신 유선 케이블을 사용하세요.</translation>
    </message>
    <message>
        <source>The center answers in {0} ms.</source>
        <translation>센터가 {0} ms 만에 응답합니다.</translation>
    </message>
    <message>
        <source>The center answers slowly ({0} ms): screens may update late.</source>
        <translation>센터가 느리게 응답합니다({0} ms). 화면이 늦게 갱신될 수 있습니다.</translation>
    </message>
    <message>
        <source>The center answers very slowly ({0} ms): check your VPN connection.</source>
        <translation>센터가 매우 느리게 응답합니다({0} ms). VPN 연결을 확인하세요.</translation>
    </message>
    <message>
        <source>The phone line server does not answer over {0}: calls cannot reach you. Check your VPN connection, or call IT.</source>
        <translation>전화 회선 서버가 {0}로 응답하지 않습니다. 전화를 받을 수 없습니다. VPN 연결을 확인하거나 IT 부서에 연락하세요.</translation>
    </message>
    <message>
        <source>The center offers no voice test.</source>
        <translation>센터에서 음성 테스트를 제공하지 않습니다.</translation>
    </message>
    <message>
        <source>The voice travels fast enough ({0} ms there and back).</source>
        <translation>음성이 충분히 빠르게 전달됩니다(왕복 {0} ms).</translation>
    </message>
    <message>
        <source>The voice takes {0} ms there and back: you and the caller may talk over each other.</source>
        <translation>음성 왕복에 {0} ms가 걸립니다. 고객과 말이 겹칠 수 있습니다.</translation>
    </message>
    <message>
        <source>The voice takes {0} ms there and back: conversations will be hard. Check your VPN connection, or call IT.</source>
        <translation>음성 왕복에 {0} ms가 걸립니다. 대화하기 어렵습니다. VPN 연결을 확인하거나 IT 부서에 연락하세요.</translation>
    </message>
    <message>
        <source>Large phone-line messages get through over {0}.</source>
        <translation>큰 전화 회선 메시지가 {0}로 잘 전달됩니다.</translation>
    </message>
    <message>
        <source>The voice test got no answer from the center: voice may not get through your VPN. Call IT.</source>
        <translation>음성 테스트에 센터가 응답하지 않았습니다. VPN을 통해 음성이 전달되지 않을 수 있습니다. IT 부서에 연락하세요.</translation>
    </message>
    <message>
        <source>The warning could not be played into the call.</source>
        <translation>경고 안내를 통화에 재생하지 못했습니다.</translation>
    </message>
    <message>
        <source>The incident was reported to your supervisor. Your protective break starts after the wrap-up.</source>
        <translation>사건이 관리자에게 보고되었습니다. 후처리가 끝나면 보호 휴식이 시작됩니다.</translation>
    </message>
    <message>
        <source>The call&apos;s audio clip could not be sent; the center was asked to hold its recording.</source>
        <translation>통화 음성 클립을 보내지 못했습니다. 센터에 녹음 보존을 요청했습니다.</translation>
    </message>
    <message>
        <source>The warning announcement could not be loaded: {0}</source>
        <translation>경고 안내를 불러오지 못했습니다: {0}</translation>
    </message>
    <message>
        <source>the sound file is not usable</source>
        <translation>소리 파일을 사용할 수 없습니다</translation>
    </message>
    <message>
        <source>Abusive call ended by the counselor: {0}.</source>
        <translation>상담사가 폭언 통화를 종료함: {0}.</translation>
    </message>
    <message>
        <source>The call&apos;s audio clip could not be kept; the center was asked to hold its recording.</source>
        <translation>통화 음성 클립을 보관하지 못했습니다. 센터에 녹음 보존을 요청했습니다.</translation>
    </message>
    <message>
        <source>verbal abuse</source>
        <translation>폭언</translation>
    </message>
    <message>
        <source>sexual harassment</source>
        <translation>성희롱</translation>
    </message>
    <message>
        <source>threat</source>
        <translation>위협</translation>
    </message>
    <message>
        <source>other</source>
        <translation>기타</translation>
    </message>
    <message>
        <source>The center has no warning announcement to play.</source>
        <translation>센터에 재생할 경고 안내가 없습니다.</translation>
    </message>
    <message>
        <source>Your protective break comes first.</source>
        <translation>보호 휴식을 먼저 가져야 합니다.</translation>
    </message>
    <message>
        <source>Your protective break&apos;s minimum time is over. Go Ready when you feel ready.</source>
        <translation>보호 휴식의 최소 시간이 지났습니다. 준비되면 상담 가능으로 전환하세요.</translation>
    </message>
    <message>
        <source>I would like counseling support after an abusive call.</source>
        <translation>폭언 통화 후 심리 상담 지원을 받고 싶습니다.</translation>
    </message>
    <message>
        <source>Your network is losing {0} % of the caller&apos;s voice: close video and download apps, or move closer to the router.</source>
        <translation>네트워크에서 고객 음성의 {0} %가 손실되고 있습니다. 동영상 및 다운로드 프로그램을 종료하거나 공유기 가까이로 이동하세요.</translation>
    </message>
    <message>
        <source>Your connection is uneven ({0} ms jitter): the caller may sound choppy. Close video and download apps; a cable is steadier than Wi-Fi.</source>
        <translation>연결이 고르지 않습니다(지터 {0} ms). 고객의 목소리가 끊겨 들릴 수 있습니다. 동영상 및 다운로드 프로그램을 종료하세요. 유선 케이블이 Wi-Fi보다 안정적입니다.</translation>
    </message>
    <message>
        <source>The line has a long delay ({0} ms there and back): pause a moment before you answer so you do not talk over the caller.</source>
        <translation>회선 지연이 깁니다(왕복 {0} ms). 고객과 말이 겹치지 않도록 대답하기 전에 잠시 기다리세요.</translation>
    </message>
    <message>
        <source>You cannot sign out of this queue.</source>
        <translation>이 대기열에서는 로그아웃할 수 없습니다.</translation>
    </message>
    <message>
        <source>The center has not answered yet.</source>
        <translation>센터가 아직 응답하지 않았습니다.</translation>
    </message>
    <message>
        <source>The center did not sign you in to the queue.</source>
        <translation>센터가 대기열에 로그인 처리하지 않았습니다.</translation>
    </message>
    <message>
        <source>The center did not sign you out of the queue.</source>
        <translation>센터가 대기열에서 로그아웃 처리하지 않았습니다.</translation>
    </message>
    <message>
        <source>Checking the network…</source>
        <translation>네트워크를 점검하는 중…</translation>
    </message>
    <message>
        <source>Not checked: open Network check in the menu.</source>
        <translation>점검하지 않음: 메뉴에서 네트워크 점검을 여세요.</translation>
    </message>
    <message>
        <source>This saved result cannot be opened.</source>
        <translation>저장된 이 결과를 열 수 없습니다.</translation>
    </message>
    <message>
        <source>You are not signed in to the center: wrap-ups and other writes wait on this computer until you sign in again.</source>
        <translation>센터에 로그인되어 있지 않습니다. 후처리 등의 기록은 다시 로그인할 때까지 이 컴퓨터에서 전송을 기다립니다.</translation>
    </message>
    <message>
        <source>Your session with the center ended. Sign in again to keep working: your call and unsent work are kept.</source>
        <translation>센터와의 세션이 종료되었습니다. 계속 근무하려면 다시 로그인하세요. 진행 중인 통화와 전송되지 않은 작업은 그대로 유지됩니다.</translation>
    </message>
    <message>
        <source>Signed in again. Your unsent work is being sent.</source>
        <translation>다시 로그인했습니다. 전송되지 않은 작업을 전송하는 중입니다.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>비밀번호를 입력하세요.</translation>
    </message>
    <message>
        <source>The waiting call went back to the queue.</source>
        <translation>대기 중이던 통화가 대기열로 돌아갔습니다.</translation>
    </message>
    <message>
        <source>A second call is waiting: {0}</source>
        <translation>두 번째 통화가 대기 중입니다: {0}</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>알 수 없는 발신자</translation>
    </message>
    <message>
        <source>The call on hold ended.</source>
        <translation>보류 중이던 통화가 끊겼습니다.</translation>
    </message>
    <message>
        <source>Your previous answers were not recorded: please answer again.</source>
        <translation>이전 응답이 기록되지 않았습니다. 다시 답해 주세요.</translation>
    </message>
    <message>
        <source>Sent, waiting for the center</source>
        <translation>전송됨, 센터의 확인을 기다리는 중</translation>
    </message>
    <message>
        <source>The self-check form is invalid. Call your supervisor.</source>
        <translation>자가 점검 양식에 오류가 있습니다. 관리자에게 연락하세요.</translation>
    </message>
    <message>
        <source>Your self-check was not recorded: {0}</source>
        <translation>자가 점검 결과가 저장되지 않았습니다: {0}</translation>
    </message>
    <message>
        <source>Your self-check is not recorded yet ({0}). Trying again in {1} s.</source>
        <translation>자가 점검 결과가 아직 저장되지 않았습니다({0}). {1}초 후 다시 시도합니다.</translation>
    </message>
    <message>
        <source>Not registered</source>
        <translation>등록되지 않음</translation>
    </message>
    <message>
        <source>Complete the health self-check to go Ready.</source>
        <translation>상담 가능으로 전환하려면 건강 자가 점검을 완료하세요.</translation>
    </message>
    <message>
        <source>The phone line is not registered yet.</source>
        <translation>전화 회선이 아직 등록되지 않았습니다.</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>연결됨</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>등록 중…</translation>
    </message>
    <message>
        <source>Line ready</source>
        <translation>회선 정상</translation>
    </message>
    <message>
        <source>The center sent unusable phone settings. Call IT.</source>
        <translation>센터에서 받은 전화 설정을 사용할 수 없습니다. IT 부서에 연락하세요.</translation>
    </message>
    <message>
        <source>Line refused: calls must be encrypted (SRTP mandatory), which needs SIP over TLS, and TLS is not available in this phone. IT must enable TLS for this computer (or change sip.srtp).</source>
        <translation>회선 등록 거부: 통화는 반드시 암호화되어야 하며(SRTP 필수), 이를 위해서는 TLS를 통한 SIP가 필요하지만 이 전화기에서는 TLS를 사용할 수 없습니다. IT 부서는 이 컴퓨터에서 TLS를 사용하도록 설정해야 합니다(또는 sip.srtp를 변경).</translation>
    </message>
    <message>
        <source>Line refused: the line must use TLS, and TLS is not available in this phone. IT must enable TLS for this computer (or change sip.transport).</source>
        <translation>회선 등록 거부: 회선은 TLS를 사용해야 하지만 이 전화기에서는 TLS를 사용할 수 없습니다. IT 부서는 이 컴퓨터에서 TLS를 사용하도록 설정해야 합니다(또는 sip.transport를 변경).</translation>
    </message>
    <message>
        <source>Finish the call and wrap-up before logging out.</source>
        <translation>로그아웃하기 전에 통화와 후처리를 마치세요.</translation>
    </message>
    <message>
        <source>pjsua2 {0}, OpenSSL {1}</source>
        <translation>pjsua2 {0}, OpenSSL {1}</translation>
    </message>
    <message>
        <source>pjsua2 {0}, OpenSSL {1}: ask IT for the hardened build</source>
        <translation>pjsua2 {0}, OpenSSL {1}: IT 담당자에게 보안 강화 빌드를 요청하세요</translation>
    </message>
    <message>
        <source>pjsua2 {0} without OpenSSL: ask IT for the hardened build</source>
        <translation>pjsua2 {0}, OpenSSL 없음: IT 담당자에게 보안 강화 빌드를 요청하세요</translation>
    </message>
    <message>
        <source>{0} acknowledged your incident report.</source>
        <translation>{0} 님이 사건 보고를 확인했습니다.</translation>
    </message>
    <message>
        <source>{0} saw that you need a break.</source>
        <translation>{0} 님이 휴식이 필요하다는 것을 확인했습니다.</translation>
    </message>
    <message>
        <source>Your message to the supervisor was not sent: {0}</source>
        <translation>관리자에게 보낸 메시지가 전송되지 않았습니다: {0}</translation>
    </message>
    <message>
        <source>Your supervisor answered: {0}</source>
        <translation>관리자 답변: {0}</translation>
    </message>
    <message>
        <source>Callback attempt recorded: {0}.</source>
        <translation>콜백 시도가 기록되었습니다: {0}.</translation>
    </message>
    <message>
        <source>Your supervisor was notified.</source>
        <translation>관리자에게 알렸습니다.</translation>
    </message>
    <message>
        <source>Finish the wrap-up of your previous call first.</source>
        <translation>먼저 이전 통화의 후처리를 완료하세요.</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>해결됨</translation>
    </message>
    <message>
        <source>Needs follow-up</source>
        <translation>후속 조치 필요</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>후처리</translation>
    </message>
    <message>
        <source>Callback result</source>
        <translation>콜백 결과</translation>
    </message>
    <message>
        <source>Callback try</source>
        <translation>콜백 시도</translation>
    </message>
    <message>
        <source>Incident report</source>
        <translation>사건 보고</translation>
    </message>
    <message>
        <source>Recording hold</source>
        <translation>녹음 보존</translation>
    </message>
    <message>
        <source>Protective break record</source>
        <translation>보호 휴식 기록</translation>
    </message>
    <message>
        <source>The writes kept in memory are saved on this computer now; they are sent as usual.</source>
        <translation>메모리에 보관하던 기록을 이제 이 컴퓨터에 저장했습니다. 평소처럼 전송됩니다.</translation>
    </message>
    <message>
        <source>{0} write(s) (wrap-ups, incidents, callback outcomes) are not saved on this computer yet: the secure storage (keyring) is not open. Keep the app open and do not log out; call IT if this does not clear.</source>
        <translation>기록 {0}건(후처리, 사건 보고, 콜백 결과)이 아직 이 컴퓨터에 저장되지 않았습니다. 보안 저장소(키링)가 열려 있지 않습니다. 앱을 닫거나 로그아웃하지 마세요. 계속되면 IT 담당자에게 연락하세요.</translation>
    </message>
    <message>
        <source>{0} write(s) were sealed into the file {1}. Give the file and, separately, the passphrase to IT.</source>
        <translation>기록 {0}건을 파일 {1}에 봉인했습니다. 파일과 암호 문구를 따로따로 IT 담당자에게 전달하세요.</translation>
    </message>
    <message>
        <source>{0} write(s) of {1} are waiting to be sent: they go when {1} signs in.</source>
        <translation>{1}의 기록 {0}건이 전송을 기다리고 있습니다. {1}이(가) 로그인하면 전송됩니다.</translation>
    </message>
    <message>
        <source>The {0} could not be changed; it stays in your &quot;Not sent&quot; list.</source>
        <translation>{0}을(를) 변경하지 못했습니다. “미전송” 목록에 그대로 남아 있습니다.</translation>
    </message>
    <message>
        <source>The center did not accept a saved write ({0}): {1}. It is in your &quot;Not sent&quot; list: correct and resend it, or give it to your supervisor.</source>
        <translation>센터가 저장된 기록({0})을 받아들이지 않았습니다: {1}. “미전송” 목록에 있습니다. 수정하여 다시 보내거나 관리자에게 넘기세요.</translation>
    </message>
    <message>
        <source>The {0} is in line to be sent again.</source>
        <translation>{0}이(가) 재전송을 기다리고 있습니다.</translation>
    </message>
    <message>
        <source>The {0} is kept on this computer for your supervisor and is not sent. Tell your supervisor about it.</source>
        <translation>{0}은(는) 관리자를 위해 이 컴퓨터에 보관되며 전송되지 않습니다. 관리자에게 알려 주세요.</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>사유 없음</translation>
    </message>
    <message>
        <source>The center never confirmed a saved write ({0}). It is in your &quot;Not sent&quot; list: send it again, or give it to your supervisor.</source>
        <translation>센터가 저장된 기록({0})의 수신을 확인해 주지 않았습니다. “미전송” 목록에 있습니다. 다시 보내거나 관리자에게 넘기세요.</translation>
    </message>
    <message>
        <source>A saved {0} cannot be read on this computer (its key is missing). It is kept, not deleted: call IT.</source>
        <translation>저장된 {0}을(를) 이 컴퓨터에서 읽을 수 없습니다(키가 없습니다). 삭제하지 않고 보관합니다. IT 담당자에게 연락하세요.</translation>
    </message>
    <message>
        <source>No caller information.</source>
        <translation>고객 정보가 없습니다.</translation>
    </message>
    <message>
        <source>The consultation call ended: {0}</source>
        <translation>협의 통화가 종료되었습니다: {0}</translation>
    </message>
    <message>
        <source>Call transferred.</source>
        <translation>호 전환이 완료되었습니다.</translation>
    </message>
    <message>
        <source>The transfer failed ({0}). You are still connected.</source>
        <translation>호 전환에 실패했습니다({0}). 통화는 계속 연결되어 있습니다.</translation>
    </message>
    <message>
        <source>Caller details unavailable: {0}</source>
        <translation>고객 정보를 불러올 수 없습니다: {0}</translation>
    </message>
    <message>
        <source>lookup failed</source>
        <translation>조회 실패</translation>
    </message>
</context>
<context>
    <name>DirectoryPanel</name>
    <message>
        <source>Directory and dial</source>
        <translation>연락처 및 전화 걸기</translation>
    </message>
    <message>
        <source>Search a name, team or service, or type a number</source>
        <translation>이름, 팀, 기관을 검색하거나 번호를 입력하세요</translation>
    </message>
    <message>
        <source>Search or dial</source>
        <translation>검색 또는 전화 걸기</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>연락처</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>전화 걸기</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>호 전환</translation>
    </message>
    <message>
        <source>Blind transfer: hand the caller over at once</source>
        <translation>즉시 전환: 고객을 바로 넘깁니다</translation>
    </message>
    <message>
        <source>Consult</source>
        <translation>협의 후 전환</translation>
    </message>
    <message>
        <source>Put the caller on hold and talk to them first</source>
        <translation>고객을 보류하고 먼저 상대와 통화합니다</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>통화 가능</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>통화 중</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>휴식</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>오프라인</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>팀</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>기관</translation>
    </message>
    <message>
        <source>Dials {0}</source>
        <translation>{0}(으)로 겁니다</translation>
    </message>
</context>
<context>
    <name>ExportHeldDialog</name>
    <message>
        <source>Export unsent work</source>
        <translation>미전송 작업 내보내기</translation>
    </message>
    <message>
        <source>{0} write(s) could not be saved on this computer (the secure storage is not open). Seal them into a file with a passphrase and give both to IT, separately: IT can send them to the center later.</source>
        <translation>기록 {0}건을 이 컴퓨터에 저장하지 못했습니다(보안 저장소가 열려 있지 않습니다). 암호 문구로 파일에 봉인한 뒤, 파일과 암호 문구를 따로따로 IT 담당자에게 전달하세요. IT 담당자가 나중에 센터로 전송할 수 있습니다.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>선택…</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>암호 문구</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>암호 문구 확인</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Export and close</source>
        <translation>내보내고 닫기</translation>
    </message>
    <message>
        <source>The passphrase needs at least {0} characters.</source>
        <translation>암호 문구는 {0}자 이상이어야 합니다.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>두 암호 문구가 서로 다릅니다.</translation>
    </message>
    <message>
        <source>Choose a file.</source>
        <translation>파일을 선택하세요.</translation>
    </message>
    <message>
        <source>The file could not be written: {0}</source>
        <translation>파일을 저장하지 못했습니다: {0}</translation>
    </message>
</context>
<context>
    <name>HealthFormView</name>
    <message>
        <source>Health self-check</source>
        <translation>건강 자가 점검</translation>
    </message>
    <message>
        <source>Loading the form…</source>
        <translation>양식을 불러오는 중…</translation>
    </message>
    <message>
        <source>Submit self-check</source>
        <translation>자가 점검 제출</translation>
    </message>
    <message>
        <source> (optional)</source>
        <translation> (선택)</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>필수 항목</translation>
    </message>
    <message>
        <source>Sent, waiting for the center</source>
        <translation>전송됨, 센터의 확인을 기다리는 중</translation>
    </message>
    <message>
        <source>Cleared for calls today</source>
        <translation>오늘 상담 업무 가능</translation>
    </message>
    <message>
        <source>Not cleared for calls today</source>
        <translation>오늘 상담 업무 불가</translation>
    </message>
    <message>
        <source>Recording with the center…</source>
        <translation>센터에 기록하는 중…</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>This session&apos;s calls</source>
        <translation>이번 근무 통화 내역</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>번호</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>방향</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>통화 시간</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>응답함</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>부재중</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>거절함</translation>
    </message>
    <message>
        <source>Caller hung up</source>
        <translation>고객이 끊음</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Called back</source>
        <translation>다시 건 전화</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>통화 중</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>응답 없음</translation>
    </message>
    <message>
        <source>Declined by the callee</source>
        <translation>상대방 거절</translation>
    </message>
    <message>
        <source>Not reachable</source>
        <translation>연결 불가</translation>
    </message>
    <message>
        <source>Network problem</source>
        <translation>네트워크 문제</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>In</source>
        <translation>수신</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>발신</translation>
    </message>
</context>
<context>
    <name>IdleView</name>
    <message>
        <source>Waiting for a call</source>
        <translation>전화를 기다리는 중</translation>
    </message>
    <message>
        <source>The queue will offer you the next caller.</source>
        <translation>대기열에서 다음 고객을 연결해 드립니다.</translation>
    </message>
    <message>
        <source>You are Not Ready</source>
        <translation>상담 불가 상태입니다</translation>
    </message>
    <message>
        <source>Calls are not offered to you. Go Ready to take calls.</source>
        <translation>전화가 연결되지 않습니다. 전화를 받으려면 상담 가능으로 전환하세요.</translation>
    </message>
    <message>
        <source>On a break</source>
        <translation>휴식 중</translation>
    </message>
    <message>
        <source>Go Ready when you are back.</source>
        <translation>돌아오면 상담 가능으로 전환하세요.</translation>
    </message>
</context>
<context>
    <name>InCallView</name>
    <message>
        <source>Hold</source>
        <translation>보류</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>음소거</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>통화 종료</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>호 전환</translation>
    </message>
    <message>
        <source>Ask supervisor</source>
        <translation>관리자 도움 요청</translation>
    </message>
    <message>
        <source>Transfer to</source>
        <translation>전환 대상</translation>
    </message>
    <message>
        <source>Blind transfer: hand the caller over at once</source>
        <translation>즉시 전환: 고객을 바로 넘깁니다</translation>
    </message>
    <message>
        <source>Consult</source>
        <translation>협의 후 전환</translation>
    </message>
    <message>
        <source>Put the caller on hold and talk to the target first</source>
        <translation>고객을 보류하고 먼저 전환 대상과 통화합니다</translation>
    </message>
    <message>
        <source>Complete transfer</source>
        <translation>전환 완료</translation>
    </message>
    <message>
        <source>Back to caller</source>
        <translation>고객에게 돌아가기</translation>
    </message>
    <message>
        <source>Conference</source>
        <translation>3자 통화</translation>
    </message>
    <message>
        <source>The caller, the person you consulted and you, all together</source>
        <translation>고객, 협의 상대, 상담사가 함께 통화합니다</translation>
    </message>
    <message>
        <source>Drop the caller</source>
        <translation>고객 내보내기</translation>
    </message>
    <message>
        <source>The caller leaves; you stay with your colleague</source>
        <translation>고객은 통화에서 나가고 상담사는 동료와 계속 통화합니다</translation>
    </message>
    <message>
        <source>Warn caller</source>
        <translation>고객에게 경고</translation>
    </message>
    <message>
        <source>Plays the center&apos;s warning to the caller; your microphone is muted while it plays.</source>
        <translation>센터의 경고 안내를 고객에게 재생합니다. 재생 중에는 마이크가 음소거됩니다.</translation>
    </message>
    <message>
        <source>End abusive call</source>
        <translation>폭언 통화 종료</translation>
    </message>
    <message>
        <source>Reports an incident to your supervisor, ends the call and starts a protective break after wrap-up.</source>
        <translation>관리자에게 사건을 보고하고 통화를 종료하며, 후처리 후 보호 휴식을 시작합니다.</translation>
    </message>
    <message>
        <source>Keypad</source>
        <translation>다이얼 패드</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>알 수 없는 발신자</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>보류 해제</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>음소거 해제</translation>
    </message>
    <message>
        <source>On hold — the caller hears music</source>
        <translation>보류 중 — 고객에게 대기 음악이 나갑니다</translation>
    </message>
    <message>
        <source>The caller put you on hold</source>
        <translation>고객이 통화를 보류했습니다</translation>
    </message>
    <message>
        <source>Muted — the caller cannot hear you</source>
        <translation>음소거 — 고객에게 목소리가 들리지 않습니다</translation>
    </message>
    <message>
        <source>Talking</source>
        <translation>통화 중</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>연결 중…</translation>
    </message>
    <message>
        <source>Encrypted</source>
        <translation>암호화됨</translation>
    </message>
    <message>
        <source>Calling {0}… the caller is on hold.</source>
        <translation>{0}에 전화하는 중… 고객은 보류 중입니다.</translation>
    </message>
    <message>
        <source>Talking to {0}. The caller is on hold.</source>
        <translation>{0}와(과) 통화 중. 고객은 보류 중입니다.</translation>
    </message>
    <message>
        <source>Handing the caller over to {0}…</source>
        <translation>고객을 {0}에 넘기는 중…</translation>
    </message>
    <message>
        <source>Conference: the caller, {0} and you hear each other.</source>
        <translation>3자 통화: 고객, {0}, 상담사가 서로 듣고 있습니다.</translation>
    </message>
    <message>
        <source>Leave (they stay connected)</source>
        <translation>나가기 (두 사람은 계속 통화)</translation>
    </message>
    <message>
        <source>Drop {0}</source>
        <translation>{0} 내보내기</translation>
    </message>
    <message>
        <source>No sound from the caller for a while</source>
        <translation>한동안 고객의 소리가 없습니다</translation>
    </message>
    <message>
        <source>Your microphone seems silent</source>
        <translation>마이크 소리가 없는 것 같습니다</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>양호</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>보통</translation>
    </message>
    <message>
        <source>Poor</source>
        <translation>나쁨</translation>
    </message>
    <message>
        <source>Quality: measuring</source>
        <translation>통화 품질 측정 중</translation>
    </message>
    <message>
        <source>MOS {0:.1f} · jitter {1:.0f} ms · loss {2:.1f} % · RTT {3:.0f} ms · {4}</source>
        <translation>MOS {0:.1f} · 지터 {1:.0f} ms · 손실 {2:.1f} % · 왕복 지연 {3:.0f} ms · {4}</translation>
    </message>
    <message>
        <source>The warning is playing to the caller; your microphone is muted.</source>
        <translation>경고 안내가 고객에게 재생 중입니다. 상담사 마이크는 음소거되었습니다.</translation>
    </message>
    <message>
        <source>Warnings played: %n</source>
        <translation>경고 재생: %n회</translation>
    </message>
    <message>
        <source>Play the warning %n time(s) before ending the call as abusive.</source>
        <translation>경고 안내를 %n번 재생한 후 폭언 통화로 종료할 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Softphone locked</source>
        <translation>소프트폰이 잠겼습니다</translation>
    </message>
    <message>
        <source>Locked because nobody used it for a while. Caller information is hidden. Enter your password to continue.</source>
        <translation>한동안 사용하지 않아 잠겼습니다. 고객 정보는 숨겨져 있습니다. 계속하려면 비밀번호를 입력하세요.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>비밀번호</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>받기</translation>
    </message>
    <message>
        <source>A call is ringing. You can answer it now; unlock to see who is calling.</source>
        <translation>전화가 오고 있습니다. 지금 받을 수 있으며, 발신자는 잠금을 해제하면 보입니다.</translation>
    </message>
    <message>
        <source>You are in a call. Unlock to see the caller&apos;s details.</source>
        <translation>통화 중입니다. 고객 정보를 보려면 잠금을 해제하세요.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>확인 중…</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>잠금 해제</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>비밀번호를 입력하세요.</translation>
    </message>
</context>
<context>
    <name>LoginView</name>
    <message>
        <source>Remember my password on this computer</source>
        <translation>이 컴퓨터에 비밀번호 저장</translation>
    </message>
    <message>
        <source>Center</source>
        <translation>센터</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>사용자 이름</translation>
    </message>
    <message>
        <source>Center address</source>
        <translation>센터 주소</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>비밀번호</translation>
    </message>
    <message>
        <source>The address your IT department or supervisor gave you.</source>
        <translation>IT 담당자나 관리자가 알려 준 주소입니다.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <source>Agent Softphone</source>
        <translation>상담원 소프트폰</translation>
    </message>
    <message>
        <source>Sign in to start your shift.</source>
        <translation>로그인하여 근무를 시작하세요.</translation>
    </message>
    <message>
        <source>Enter the center&apos;s address, e.g. https://center.example/api/v1</source>
        <translation>센터 주소를 입력하세요. 예: https://center.example/api/v1</translation>
    </message>
    <message>
        <source>The center&apos;s address must start with https:// (a secure connection).</source>
        <translation>센터 주소는 https://(보안 연결)로 시작해야 합니다.</translation>
    </message>
    <message>
        <source>This is not a valid center address. Example: https://center.example/api/v1</source>
        <translation>올바른 센터 주소가 아닙니다. 예: https://center.example/api/v1</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>사용자 이름과 비밀번호를 입력하세요.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>로그인 중…</translation>
    </message>
    <message>
        <source>The center is reachable.</source>
        <translation>센터에 연결할 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Agent Softphone</source>
        <translation>상담원 소프트폰</translation>
    </message>
    <message>
        <source>&amp;Softphone</source>
        <translation>소프트폰(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>설정(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>단축키 목록(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Network check…</source>
        <translation>네트워크 점검(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Export &amp;diagnostics for IT…</source>
        <translation>진단 정보 내보내기(IT용)(&amp;D)…</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>로그아웃</translation>
    </message>
    <message>
        <source>End your shift and log out?</source>
        <translation>근무를 마치고 로그아웃할까요?</translation>
    </message>
    <message>
        <source>Unsent work</source>
        <translation>미전송 작업</translation>
    </message>
    <message>
        <source>Keep the app open</source>
        <translation>앱 계속 열어 두기</translation>
    </message>
    <message>
        <source>Export for IT…</source>
        <translation>IT 담당자용으로 내보내기…</translation>
    </message>
    <message>
        <source>Hang up before closing the app.</source>
        <translation>앱을 닫기 전에 통화를 종료하세요.</translation>
    </message>
    <message>
        <source>Finish the wrap-up before closing: it cannot be saved on this computer now (the secure storage is not open).</source>
        <translation>닫기 전에 후처리를 완료하세요. 지금은 후처리를 이 컴퓨터에 저장할 수 없습니다(보안 저장소가 열려 있지 않습니다).</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Wrong user name or password.</source>
        <translation>사용자 이름 또는 비밀번호가 틀렸습니다.</translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation>이 작업을 할 권한이 없습니다.</translation>
    </message>
    <message>
        <source>The center address is not valid. Ask IT.</source>
        <translation>센터 주소가 올바르지 않습니다. IT에 문의하세요.</translation>
    </message>
    <message>
        <source>The center&apos;s name cannot be found — check that your VPN is connected.</source>
        <translation>센터 이름을 찾을 수 없습니다 — VPN이 연결되어 있는지 확인하세요.</translation>
    </message>
    <message>
        <source>The center refused the connection — it may be down; try again shortly.</source>
        <translation>센터가 연결을 거부했습니다 — 중단되었을 수 있으니 잠시 후 다시 시도하세요.</translation>
    </message>
    <message>
        <source>The center does not answer — check your VPN connection.</source>
        <translation>센터가 응답하지 않습니다 — VPN 연결을 확인하세요.</translation>
    </message>
    <message>
        <source>The proxy server did not let the connection through — ask IT.</source>
        <translation>프록시 서버가 연결을 통과시키지 않았습니다 — IT에 문의하세요.</translation>
    </message>
    <message>
        <source>Something other than the center answered (a proxy or a sign-in page?) — check your VPN connection, or ask IT.</source>
        <translation>센터가 아닌 다른 곳(프록시 또는 로그인 페이지?)이 응답했습니다 — VPN 연결을 확인하거나 IT에 문의하세요.</translation>
    </message>
    <message>
        <source>No secure password storage (keyring) is available on this computer, so the app cannot keep your password or session safely. Ask IT to enable the system keyring (on Linux: GNOME Keyring or KWallet via Secret Service).</source>
        <translation>이 컴퓨터에는 안전한 비밀번호 저장소(키링)가 없어 비밀번호와 세션을 안전하게 보관할 수 없습니다. IT에 시스템 키링을 켜 달라고 요청하세요(Linux: Secret Service를 통한 GNOME Keyring 또는 KWallet).</translation>
    </message>
    <message>
        <source>The system keyring is locked: unlock it (sign in to your desktop session again) and retry.</source>
        <translation>시스템 키링이 잠겨 있습니다. 잠금을 해제(데스크톱 세션에 다시 로그인)한 뒤 다시 시도하세요.</translation>
    </message>
    <message>
        <source>The system keyring failed ({0}): try again; if it keeps failing, ask IT to check the keyring.</source>
        <translation>시스템 키링 오류({0}): 다시 시도하세요. 계속 실패하면 IT에 키링 점검을 요청하세요.</translation>
    </message>
    <message>
        <source>The system keyring did not keep the outbox key: ask IT to check the keyring.</source>
        <translation>시스템 키링이 발신함 키를 보관하지 못했습니다. IT에 키링 점검을 요청하세요.</translation>
    </message>
    <message>
        <source>Wrap-ups cannot be saved on this computer.</source>
        <translation>이 컴퓨터에 상담 마무리를 저장할 수 없습니다.</translation>
    </message>
    <message>
        <source>{0} saved write(s) (wrap-ups, incidents, callback outcomes) are kept on this computer but cannot be sent: the key that protects them is damaged. Nothing was deleted. Call IT.</source>
        <translation>저장된 기록 {0}건(후처리, 사건 보고, 콜백 결과)이 이 컴퓨터에 보관되어 있지만 전송할 수 없습니다. 기록을 보호하는 키가 손상되었습니다. 아무것도 삭제되지 않았습니다. IT에 연락하세요.</translation>
    </message>
    <message>
        <source>{0} saved write(s) (wrap-ups, incidents, callback outcomes) are kept on this computer but cannot be sent: the key that protects them is missing from this computer&apos;s keyring. Nothing was deleted. Call IT before signing in elsewhere.</source>
        <translation>저장된 기록 {0}건(후처리, 사건 보고, 콜백 결과)이 이 컴퓨터에 보관되어 있지만 전송할 수 없습니다. 기록을 보호하는 키가 이 컴퓨터의 키링에 없습니다. 아무것도 삭제되지 않았습니다. 다른 컴퓨터에서 로그인하기 전에 IT에 연락하세요.</translation>
    </message>
    <message>
        <source>{0} saved write(s) (wrap-ups, incidents, callback outcomes) are kept on this computer but cannot be sent: this computer&apos;s keyring now holds another key than the one they were saved with (another program replaced it). Nothing was deleted. Call IT.</source>
        <translation>저장된 기록 {0}건(후처리, 사건 보고, 콜백 결과)이 이 컴퓨터에 보관되어 있지만 전송할 수 없습니다. 이 컴퓨터의 키링에 저장 당시와 다른 키가 들어 있습니다(다른 프로그램이 바꾸었습니다). 아무것도 삭제되지 않았습니다. IT에 연락하세요.</translation>
    </message>
    <message>
        <source>Line not registered (SIP {0}).</source>
        <translation>회선 미등록 (SIP {0}).</translation>
    </message>
    <message>
        <source>Line not registered: wrong user name or password (SIP {0}).</source>
        <translation>회선 미등록: 사용자 이름 또는 비밀번호가 틀렸습니다 (SIP {0}).</translation>
    </message>
    <message>
        <source>Line not registered: the phone line server does not know this user (SIP {0}).</source>
        <translation>회선 미등록: 전화 회선 서버가 이 사용자를 모릅니다 (SIP {0}).</translation>
    </message>
    <message>
        <source>Line not registered: the phone line server does not answer. Check the network or VPN.</source>
        <translation>회선 미등록: 전화 회선 서버가 응답하지 않습니다. 네트워크 또는 VPN을 확인하세요.</translation>
    </message>
    <message>
        <source>Line not registered: the phone line server cannot be reached (SIP {0}). Check the network or VPN.</source>
        <translation>회선 미등록: 전화 회선 서버에 연결할 수 없습니다 (SIP {0}). 네트워크 또는 VPN을 확인하세요.</translation>
    </message>
    <message>
        <source>Line not registered: the phone line server&apos;s certificate could not be verified. Ask IT for the right CA file or server name.</source>
        <translation>회선 미등록: 전화 회선 서버의 인증서를 확인할 수 없습니다. IT에 올바른 CA 파일이나 서버 이름을 요청하세요.</translation>
    </message>
    <message>
        <source>Line not registered: this phone cannot use the line&apos;s transport. Ask IT.</source>
        <translation>회선 미등록: 이 전화기는 회선의 전송 방식을 사용할 수 없습니다. IT에 문의하세요.</translation>
    </message>
    <message>
        <source>The network check could not run.</source>
        <translation>네트워크 점검을 실행할 수 없습니다.</translation>
    </message>
    <message>
        <source>Technical problem</source>
        <translation>기술 문제</translation>
    </message>
</context>
<context>
    <name>MyShift</name>
    <message>
        <source>Calls handled</source>
        <translation>처리한 통화</translation>
    </message>
    <message>
        <source>Average handle time</source>
        <translation>평균 처리 시간</translation>
    </message>
    <message>
        <source>Talk time</source>
        <translation>통화 시간</translation>
    </message>
    <message>
        <source>Break time</source>
        <translation>휴식 시간</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>사건</translation>
    </message>
    <message>
        <source>Callbacks done</source>
        <translation>완료한 콜백</translation>
    </message>
</context>
<context>
    <name>MyShiftPanel</name>
    <message>
        <source>My shift</source>
        <translation>내 근무</translation>
    </message>
    <message>
        <source>Take a break</source>
        <translation>휴식하기</translation>
    </message>
    <message>
        <source>Talk since your last break: {0} of {1} min</source>
        <translation>마지막 휴식 후 통화: {0}/{1}분</translation>
    </message>
    <message>
        <source>Talk since your last break: {0} min</source>
        <translation>마지막 휴식 후 통화: {0}분</translation>
    </message>
    <message>
        <source>You have talked for {0} minutes without a break. Your supervisor has been told.</source>
        <translation>휴식 없이 {0}분 동안 통화했습니다. 관리자에게 알렸습니다.</translation>
    </message>
    <message>
        <source>{0} incidents this shift. Your supervisor has been told.</source>
        <translation>이번 근무에서 사건이 {0}건 있었습니다. 관리자에게 알렸습니다.</translation>
    </message>
</context>
<context>
    <name>NotSentButton</name>
    <message>
        <source>Not sent ({0})</source>
        <translation>미전송 ({0})</translation>
    </message>
    <message>
        <source>Writes the center did not accept or never confirmed: open the list to correct and resend them, or give them to your supervisor.</source>
        <translation>센터가 받아들이지 않았거나 수신을 확인해 주지 않은 기록입니다. 목록을 열어 수정하여 다시 보내거나 관리자에게 넘기세요.</translation>
    </message>
</context>
<context>
    <name>NotSentPanel</name>
    <message>
        <source>Not sent to the center</source>
        <translation>센터로 전송되지 않은 기록</translation>
    </message>
    <message>
        <source>The center did not accept these, or never confirmed them. They are kept on this computer and are not sent again on their own: correct and resend each one, or give it to your supervisor. Nothing is deleted.</source>
        <translation>센터가 아래 기록을 받아들이지 않았거나 수신을 확인해 주지 않았습니다. 이 기록은 이 컴퓨터에 보관되며 자동으로 다시 전송되지 않습니다. 각 기록을 수정하여 다시 보내거나 관리자에게 넘기세요. 삭제되는 기록은 없습니다.</translation>
    </message>
    <message>
        <source>What</source>
        <translation>구분</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>상담 결과</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>작성 시각</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>Why it was not sent</source>
        <translation>전송되지 않은 사유</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>Give to supervisor…</source>
        <translation>관리자에게 넘기기…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>후처리</translation>
    </message>
    <message>
        <source>Callback result</source>
        <translation>콜백 결과</translation>
    </message>
    <message>
        <source>Callback try</source>
        <translation>콜백 시도</translation>
    </message>
    <message>
        <source>Incident report</source>
        <translation>사건 보고</translation>
    </message>
    <message>
        <source>Correct and &amp;resend</source>
        <translation>수정 후 다시 보내기(&amp;R)</translation>
    </message>
    <message>
        <source>Send &amp;again</source>
        <translation>다시 보내기(&amp;A)</translation>
    </message>
    <message>
        <source>Correct the notes if the reason asks for it, then resend: the center checks it again.</source>
        <translation>사유에 따라 필요하면 메모를 수정한 뒤 다시 보내세요. 센터에서 다시 확인합니다.</translation>
    </message>
    <message>
        <source>The center may have recorded it already: it is sent again unchanged, so it is never recorded twice.</source>
        <translation>센터에 이미 기록되었을 수 있습니다. 내용을 바꾸지 않고 다시 보내므로 두 번 기록되지 않습니다.</translation>
    </message>
    <message>
        <source>{0} / {1}: the limit; the rest was not added</source>
        <translation>{0} / {1}: 한도에 도달하여 나머지는 추가되지 않았습니다</translation>
    </message>
    <message>
        <source>{0} / {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <source>Give to supervisor</source>
        <translation>관리자에게 넘기기</translation>
    </message>
    <message>
        <source>Give this {0} to your supervisor? It leaves your list and is not sent; it stays saved on this computer for your supervisor. Tell your supervisor about it.</source>
        <translation>이 {0}을(를) 관리자에게 넘길까요? 목록에서 빠지고 전송되지 않으며, 관리자를 위해 이 컴퓨터에 저장된 상태로 남습니다. 관리자에게 알려 주세요.</translation>
    </message>
</context>
<context>
    <name>OfferView</name>
    <message>
        <source>Incoming call</source>
        <translation>수신 전화</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>받기</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>거절</translation>
    </message>
    <message>
        <source>Calling back…</source>
        <translation>다시 거는 중…</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>알 수 없는 발신자</translation>
    </message>
    <message>
        <source>Queue: {0}</source>
        <translation>대기열: {0}</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>연결 중…</translation>
    </message>
</context>
<context>
    <name>OtherCallCard</name>
    <message>
        <source>Answer (hold the current call)</source>
        <translation>받기 (현재 통화 보류)</translation>
    </message>
    <message>
        <source>Send back to the queue</source>
        <translation>대기열로 돌려보내기</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>통화 전환</translation>
    </message>
    <message>
        <source>Talk to this caller; the current one goes on hold</source>
        <translation>이 고객과 통화합니다. 현재 통화는 보류됩니다</translation>
    </message>
    <message>
        <source>Hang up this call</source>
        <translation>이 통화 끊기</translation>
    </message>
    <message>
        <source>Second call waiting</source>
        <translation>두 번째 통화 대기 중</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>보류 중</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>알 수 없는 발신자</translation>
    </message>
</context>
<context>
    <name>OutcomeDialog</name>
    <message>
        <source>Callback outcome</source>
        <translation>콜백 결과</translation>
    </message>
    <message>
        <source>Outcome of the try to {0}</source>
        <translation>{0}에게 건 시도의 결과</translation>
    </message>
    <message>
        <source>Done: reached</source>
        <translation>완료: 통화함</translation>
    </message>
    <message>
        <source>No answer (try again later)</source>
        <translation>응답 없음 (나중에 다시 시도)</translation>
    </message>
    <message>
        <source>Busy (try again later)</source>
        <translation>통화 중 (나중에 다시 시도)</translation>
    </message>
    <message>
        <source>Wrong number (closes the request)</source>
        <translation>잘못된 번호 (요청 종료)</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>메모</translation>
    </message>
</context>
<context>
    <name>ProtectiveBreakPanel</name>
    <message>
        <source>Protective break</source>
        <translation>보호 휴식</translation>
    </message>
    <message>
        <source>Support for you</source>
        <translation>상담사 지원</translation>
    </message>
    <message>
        <source>Request counseling support</source>
        <translation>심리 상담 지원 요청</translation>
    </message>
    <message>
        <source>Return early…</source>
        <translation>일찍 복귀…</translation>
    </message>
    <message>
        <source>{0}:{1} left</source>
        <translation>{0}:{1} 남음</translation>
    </message>
    <message numerus="yes">
        <source>Take this time for yourself: the queue offers you no calls. The break lasts at least %n minute(s); you can go Ready after that.</source>
        <translation>
            <numerusform>자신을 위한 시간을 가지세요. 대기열에서 통화가 배정되지 않습니다. 휴식은 최소 %n분이며, 그 후 상담 가능으로 전환할 수 있습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Ask your supervisor about the support the center offers.</source>
        <translation>센터가 제공하는 지원은 관리자에게 문의하세요.</translation>
    </message>
    <message>
        <source>Your request was sent to your supervisor.</source>
        <translation>요청이 관리자에게 전달되었습니다.</translation>
    </message>
    <message>
        <source>Return early</source>
        <translation>일찍 복귀</translation>
    </message>
    <message>
        <source>Your protective break is not over. Return to calls now? Your supervisor sees that you returned early.</source>
        <translation>보호 휴식이 아직 끝나지 않았습니다. 지금 통화 업무로 복귀할까요? 일찍 복귀한 사실은 관리자에게 표시됩니다.</translation>
    </message>
    <message>
        <source>Return now</source>
        <translation>지금 복귀</translation>
    </message>
    <message>
        <source>Keep resting</source>
        <translation>계속 쉬기</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Queues</source>
        <translation>대기열</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>대기열</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>대기</translation>
    </message>
    <message>
        <source>Oldest</source>
        <translation>최장</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>상담 가능</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>통화 중</translation>
    </message>
    <message>
        <source>Callers waiting</source>
        <translation>대기 중인 고객 수</translation>
    </message>
    <message>
        <source>Ticked: the queue offers you its callers</source>
        <translation>체크됨: 이 대기열의 고객이 연결됩니다</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>가장 오래 기다린 시간</translation>
    </message>
    <message>
        <source>Counselors ready</source>
        <translation>상담 가능한 상담원 수</translation>
    </message>
    <message>
        <source>Counselors on a call</source>
        <translation>통화 중인 상담원 수</translation>
    </message>
    <message>
        <source>Not yours</source>
        <translation>내 대기열 아님</translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation>로그아웃 중…</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>로그인 중…</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>로그인됨</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>로그아웃됨</translation>
    </message>
    <message>
        <source>Sign out of queue</source>
        <translation>대기열에서 로그아웃</translation>
    </message>
    <message>
        <source>Sign in to queue</source>
        <translation>대기열에 로그인</translation>
    </message>
    <message>
        <source>Sign out of the queue {0}</source>
        <translation>{0} 대기열에서 로그아웃</translation>
    </message>
    <message>
        <source>Sign in to the queue {0}</source>
        <translation>{0} 대기열에 로그인</translation>
    </message>
    <message>
        <source>Sign in to or out of the selected queue</source>
        <translation>선택한 대기열에 로그인하거나 로그아웃합니다</translation>
    </message>
    <message>
        <source>You cannot sign out of this queue: {0}</source>
        <translation>이 대기열에서는 로그아웃할 수 없습니다: {0}</translation>
    </message>
    <message>
        <source>The center does not let you sign out of this queue.</source>
        <translation>센터에서 이 대기열의 로그아웃을 허용하지 않습니다.</translation>
    </message>
    <message>
        <source>This queue is not assigned to you.</source>
        <translation>이 대기열은 배정되지 않았습니다.</translation>
    </message>
    <message>
        <source>{0} ({1}/5)</source>
        <translation>{0} ({1}/5)</translation>
    </message>
    <message>
        <source>Your skills: {0}</source>
        <translation>내 역량: {0}</translation>
    </message>
    <message>
        <source>Your skills</source>
        <translation>내 역량</translation>
    </message>
    <message>
        <source>No queue data yet</source>
        <translation>아직 대기열 정보 없음</translation>
    </message>
    <message>
        <source>Queue data {0} s old</source>
        <translation>대기열 정보: {0}초 전</translation>
    </message>
    <message>
        <source>Queue data {0} min old</source>
        <translation>대기열 정보: {0}분 전</translation>
    </message>
    <message>
        <source>The center has not sent newer figures.</source>
        <translation>센터에서 최신 수치를 보내오지 않았습니다.</translation>
    </message>
</context>
<context>
    <name>ReadinessDialog</name>
    <message>
        <source>Network check</source>
        <translation>네트워크 점검</translation>
    </message>
    <message>
        <source>Center</source>
        <translation>센터</translation>
    </message>
    <message>
        <source>Name lookup (DNS)</source>
        <translation>이름 조회(DNS)</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>시계</translation>
    </message>
    <message>
        <source>Phone line server</source>
        <translation>전화 회선 서버</translation>
    </message>
    <message>
        <source>Large phone-line messages</source>
        <translation>큰 전화 회선 메시지</translation>
    </message>
    <message>
        <source>Voice: loss</source>
        <translation>음성: 손실</translation>
    </message>
    <message>
        <source>Voice: evenness (jitter)</source>
        <translation>음성: 균일성(지터)</translation>
    </message>
    <message>
        <source>Voice: delay</source>
        <translation>음성: 지연</translation>
    </message>
    <message>
        <source>Expected call quality</source>
        <translation>예상 통화 품질</translation>
    </message>
    <message>
        <source>Headset and microphone</source>
        <translation>헤드셋 및 마이크</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>양호</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>보통</translation>
    </message>
    <message>
        <source>Poor</source>
        <translation>나쁨</translation>
    </message>
    <message>
        <source>Not measured</source>
        <translation>측정 안 됨</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>다시 점검</translation>
    </message>
    <message>
        <source>Open previous results</source>
        <translation>이전 결과 열기</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>The network has not been checked yet.</source>
        <translation>아직 네트워크를 점검하지 않았습니다.</translation>
    </message>
    <message>
        <source>Checked {0}</source>
        <translation>점검 시각: {0}</translation>
    </message>
    <message>
        <source>Saved for IT: {0}</source>
        <translation>IT 부서용으로 저장됨: {0}</translation>
    </message>
    <message>
        <source>Checking the network…</source>
        <translation>네트워크를 점검하는 중…</translation>
    </message>
    <message>
        <source>the center</source>
        <translation>센터</translation>
    </message>
    <message>
        <source>name lookup</source>
        <translation>이름 조회</translation>
    </message>
    <message>
        <source>the clock</source>
        <translation>시계</translation>
    </message>
    <message>
        <source>the phone line server</source>
        <translation>전화 회선 서버</translation>
    </message>
    <message>
        <source>the voice path</source>
        <translation>음성 경로</translation>
    </message>
    <message>
        <source>Checking the network: {0}…</source>
        <translation>네트워크 점검 중: {0}…</translation>
    </message>
    <message>
        <source>No saved results yet</source>
        <translation>저장된 결과가 아직 없습니다</translation>
    </message>
</context>
<context>
    <name>ReauthPanel</name>
    <message>
        <source>Sign in again</source>
        <translation>다시 로그인</translation>
    </message>
    <message>
        <source>Your session with the center ended. Sign in again to keep working: your call and unsent work are kept.</source>
        <translation>센터와의 세션이 종료되었습니다. 계속 근무하려면 다시 로그인하세요. 진행 중인 통화와 전송되지 않은 작업은 그대로 유지됩니다.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>사용자 이름</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>비밀번호</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>나중에</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>로그인 중…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <source>You are not signed in to the center: writes wait on this computer.</source>
        <translation>센터에 로그인되어 있지 않습니다. 기록은 이 컴퓨터에서 전송을 기다립니다.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Set by your IT department; ask IT to change it.</source>
        <translation>IT 부서에서 지정한 설정입니다. 변경하려면 IT 부서에 요청하세요.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>오디오</translation>
    </message>
    <message>
        <source>&amp;Microphone</source>
        <translation>마이크(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Headset (caller&apos;s voice)</source>
        <translation>헤드셋 - 고객 음성(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Ring on</source>
        <translation>벨소리 출력(&amp;R)</translation>
    </message>
    <message>
        <source>Microphone level</source>
        <translation>마이크 입력 레벨</translation>
    </message>
    <message>
        <source>Stop the test</source>
        <translation>테스트 중지</translation>
    </message>
    <message>
        <source>&amp;Test microphone</source>
        <translation>마이크 테스트(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Echo test</source>
        <translation>에코 테스트(&amp;E)</translation>
    </message>
    <message>
        <source>Records 3 seconds and plays them back on the headset</source>
        <translation>3초 동안 녹음한 뒤 헤드셋으로 다시 들려 줍니다</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>통화</translation>
    </message>
    <message>
        <source>&amp;Answer queue calls automatically</source>
        <translation>대기열 전화 자동 응답(&amp;A)</translation>
    </message>
    <message>
        <source>Play a short &amp;beep before an auto-answered call</source>
        <translation>자동 응답 전에 짧은 알림음 재생(&amp;B)</translation>
    </message>
    <message>
        <source>Language and appearance</source>
        <translation>언어 및 화면</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>T&amp;heme</source>
        <translation>테마(&amp;H)</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Restore the default keys</source>
        <translation>기본 단축키로 되돌리기</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
    <message>
        <source>Set by IT</source>
        <translation>IT 지정</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>밝게</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>어둡게</translation>
    </message>
    <message>
        <source>{0} (not connected)</source>
        <translation>{0} (연결 안 됨)</translation>
    </message>
    <message>
        <source>“{0}” and “{1}” use the same keys. Choose different keys for one of them.</source>
        <translation>“{0}”와(과) “{1}”에 같은 키가 지정되어 있습니다. 둘 중 하나의 키를 바꾸세요.</translation>
    </message>
    <message>
        <source>Some settings could not be saved: {0}. Check that your settings folder is writable.</source>
        <translation>일부 설정을 저장하지 못했습니다: {0}. 설정 폴더에 쓰기 권한이 있는지 확인하세요.</translation>
    </message>
    <message>
        <source>Speak now: recording 3 seconds, then playing back…</source>
        <translation>지금 말씀하세요: 3초 동안 녹음한 뒤 재생합니다…</translation>
    </message>
    <message>
        <source>Did you hear yourself? If not, choose another headset.</source>
        <translation>본인 목소리가 들렸나요? 들리지 않으면 다른 헤드셋을 선택하세요.</translation>
    </message>
    <message>
        <source>The echo test failed.</source>
        <translation>에코 테스트에 실패했습니다.</translation>
    </message>
</context>
<context>
    <name>SettingsProblemsDialog</name>
    <message>
        <source>Agent Softphone cannot start</source>
        <translation>상담원 소프트폰을 시작할 수 없습니다</translation>
    </message>
    <message>
        <source>Your IT department&apos;s settings for this computer have a problem, so the softphone does not start. Please tell IT what is shown below (it is also in the log file).</source>
        <translation>이 컴퓨터의 IT 설정에 문제가 있어 소프트폰이 시작되지 않습니다. 아래 내용을 IT 담당자에게 알려 주세요(로그 파일에도 기록되어 있습니다).</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… 외 %n개</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ShiftSummaryDialog</name>
    <message>
        <source>Your shift</source>
        <translation>이번 근무</translation>
    </message>
    <message>
        <source>Your shift lasted {0}.</source>
        <translation>근무 시간: {0}</translation>
    </message>
    <message>
        <source>Thank you. These figures are kept only until you close this window.</source>
        <translation>수고하셨습니다. 이 수치는 이 창을 닫을 때까지만 보관됩니다.</translation>
    </message>
</context>
<context>
    <name>ShortcutListDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>동작</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>키</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Shortcuts work while the softphone window is in front. When another program is in front, answer from the notification or the tray icon&apos;s menu. Headset buttons work only where the system passes them to the app.</source>
        <translation>단축키는 소프트폰 창이 맨 앞에 있을 때만 동작합니다. 다른 프로그램이 앞에 있을 때는 알림이나 트레이 아이콘 메뉴에서 전화를 받으세요. 헤드셋 버튼은 운영체제가 앱에 전달하는 경우에만 동작합니다.</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Answer the call</source>
        <translation>전화 받기</translation>
    </message>
    <message>
        <source>Decline the call</source>
        <translation>전화 거절</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>통화 종료</translation>
    </message>
    <message>
        <source>Hold / resume</source>
        <translation>보류 / 보류 해제</translation>
    </message>
    <message>
        <source>Mute / unmute</source>
        <translation>음소거 / 해제</translation>
    </message>
    <message>
        <source>Go Ready</source>
        <translation>상담 가능 전환</translation>
    </message>
    <message>
        <source>Not Ready (choose a reason)</source>
        <translation>상담 불가(사유 선택)</translation>
    </message>
    <message>
        <source>Break (choose a reason)</source>
        <translation>휴식(사유 선택)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Answer or hang up</source>
        <translation>받기 또는 종료</translation>
    </message>
    <message>
        <source>Headset: call button</source>
        <translation>헤드셋: 통화 버튼</translation>
    </message>
    <message>
        <source>Headset: hang-up button</source>
        <translation>헤드셋: 종료 버튼</translation>
    </message>
    <message>
        <source>Headset: call/hang-up button</source>
        <translation>헤드셋: 통화/종료 버튼</translation>
    </message>
    <message>
        <source>Headset: microphone mute</source>
        <translation>헤드셋: 마이크 음소거</translation>
    </message>
    <message>
        <source>Headset: play/pause (answers only)</source>
        <translation>헤드셋: 재생/일시정지(받기만)</translation>
    </message>
</context>
<context>
    <name>State</name>
    <message>
        <source>Logged out</source>
        <translation>로그아웃됨</translation>
    </message>
    <message>
        <source>Not Ready</source>
        <translation>상담 불가</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>상담 가능</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>휴식</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>벨 울림</translation>
    </message>
    <message>
        <source>On call</source>
        <translation>통화 중</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>후처리</translation>
    </message>
</context>
<context>
    <name>StateBar</name>
    <message>
        <source>Go Ready</source>
        <translation>상담 가능 전환</translation>
    </message>
    <message>
        <source>Not Ready</source>
        <translation>상담 불가</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>휴식</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>로그아웃</translation>
    </message>
    <message>
        <source>After this call: {0}</source>
        <translation>이번 통화 후: {0}</translation>
    </message>
    <message>
        <source>Line down</source>
        <translation>회선 끊김</translation>
    </message>
    <message>
        <source>Line ready</source>
        <translation>회선 정상</translation>
    </message>
    <message>
        <source>Line ready (TLS)</source>
        <translation>회선 정상 (TLS)</translation>
    </message>
    <message>
        <source>Signalling encrypted: {0}, {1}</source>
        <translation>신호 암호화됨: {0}, {1}</translation>
    </message>
    <message>
        <source>Signalling not encrypted ({0})</source>
        <translation>신호 암호화 안 됨 ({0})</translation>
    </message>
    <message>
        <source>This call is encrypted: signalling (TLS) and audio (SRTP).</source>
        <translation>이 통화는 암호화되어 있습니다: 신호(TLS)와 음성(SRTP).</translation>
    </message>
    <message>
        <source>IT turned off the check of the phone server&apos;s certificate: another computer could pose as the server. Ask IT to turn it back on.</source>
        <translation>IT 부서가 전화 서버 인증서 확인을 꺼 두었습니다. 다른 컴퓨터가 서버로 위장할 수 있습니다. IT 부서에 다시 켜 달라고 요청하세요.</translation>
    </message>
    <message>
        <source>Server certificate not verified</source>
        <translation>서버 인증서 미확인</translation>
    </message>
    <message>
        <source>⇡ {0} to send</source>
        <translation>⇡ 전송 대기 {0}건</translation>
    </message>
</context>
<context>
    <name>ThreadPanel</name>
    <message>
        <source>Supervisor</source>
        <translation>관리자</translation>
    </message>
    <message>
        <source>Write to your supervisor…</source>
        <translation>관리자에게 메시지 쓰기…</translation>
    </message>
    <message>
        <source>Message to your supervisor</source>
        <translation>관리자에게 보낼 메시지</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>보내기</translation>
    </message>
    <message>
        <source>Ask your supervisor here, during a call or between calls. The answer shows here and in a notice.</source>
        <translation>통화 중이든 통화 사이든 여기에서 관리자에게 물어보세요. 답변은 여기와 알림에 표시됩니다.</translation>
    </message>
    <message>
        <source>You</source>
        <translation>나</translation>
    </message>
    <message>
        <source>Counseling request</source>
        <translation>상담 지원 요청</translation>
    </message>
    <message>
        <source>{0} acknowledged your incident report.</source>
        <translation>{0} 님이 사건 보고를 확인했습니다.</translation>
    </message>
    <message>
        <source>{0} saw that you need a break.</source>
        <translation>{0} 님이 휴식이 필요하다는 것을 확인했습니다.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>보내는 중…</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>전송 안 됨</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>다시 보내기</translation>
    </message>
    <message>
        <source>Messages cannot reach your supervisor now: {0}</source>
        <translation>지금은 관리자에게 메시지를 보낼 수 없습니다: {0}</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Callback due</source>
        <translation>콜백 예정</translation>
    </message>
</context>
<context>
    <name>WindowLock</name>
    <message>
        <source>That is not your password.</source>
        <translation>비밀번호가 맞지 않습니다.</translation>
    </message>
    <message>
        <source>The password could not be checked (is the center reachable?). Try again.</source>
        <translation>비밀번호를 확인하지 못했습니다(센터에 연결되어 있나요?). 다시 시도하세요.</translation>
    </message>
</context>
<context>
    <name>WrapupView</name>
    <message>
        <source>Wrap-up</source>
        <translation>후처리</translation>
    </message>
    <message>
        <source>Notes for the case (what was asked, what you did)</source>
        <translation>상담 메모(문의 내용과 처리 내용)</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>상담 결과</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>&amp;Finish wrap-up</source>
        <translation>후처리 완료(&amp;F)</translation>
    </message>
    <message>
        <source>{0} / {1}: the limit; the rest was not added</source>
        <translation>{0} / {1}: 한도에 도달하여 나머지는 추가되지 않았습니다</translation>
    </message>
    <message>
        <source>{0} / {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <source>Loading dispositions…</source>
        <translation>상담 결과 항목을 불러오는 중…</translation>
    </message>
    <message>
        <source>Choose a disposition to finish.</source>
        <translation>완료하려면 상담 결과를 선택하세요.</translation>
    </message>
    <message>
        <source>Wrap-up: callback</source>
        <translation>후처리: 콜백</translation>
    </message>
    <message>
        <source>over by {0}</source>
        <translation>{0} 초과</translation>
    </message>
</context>
<context>
    <name>_Answer</name>
    <message>
        <source>Yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>No</source>
        <translation>아니요</translation>
    </message>
</context>
</TS>
