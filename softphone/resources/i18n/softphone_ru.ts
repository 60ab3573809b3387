<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name></name>
    <message>
        <source>Export diagnostics for IT</source>
        <translation>Экспорт диагностики для ИТ-отдела</translation>
    </message>
    <message>
        <source>Diagnostics saved for IT: {0}</source>
        <translation>Диагностика для ИТ-отдела сохранена: {0}</translation>
    </message>
    <message>
        <source>The diagnostics could not be saved: {0}</source>
        <translation>Не удалось сохранить диагностику: {0}</translation>
    </message>
    <message>
        <source>No microphone found: plug in a headset and choose it above.</source>
        <translation>Микрофон не найден: подключите гарнитуру и выберите её выше.</translation>
    </message>
    <message>
        <source>Not during a call: try again after it.</source>
        <translation>Во время звонка нельзя: попробуйте после него.</translation>
    </message>
    <message>
        <source>The echo test failed: check that the headset is plugged in.</source>
        <translation>Эхо-тест не удался: проверьте, подключена ли гарнитура.</translation>
    </message>
</context>
<context>
    <name>AbuseDialog</name>
    <message>
        <source>End abusive call</source>
        <translation>Завершить оскорбительный звонок</translation>
    </message>
    <message>
        <source>The call ends, the incident goes to your supervisor with the call&apos;s timeline, and the center keeps the recording. Then you take a protective break.</source>
        <translation>Звонок завершится, руководитель получит сообщение об инциденте с хронологией звонка, центр сохранит запись. Затем у вас будет защитный перерыв.</translation>
    </message>
    <message>
        <source>Verbal abuse</source>
        <translation>Оскорбления</translation>
    </message>
    <message>
        <source>Sexual harassment</source>
        <translation>Сексуальные домогательства</translation>
    </message>
    <message>
        <source>Threat</source>
        <translation>Угрозы</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Другое</translation>
    </message>
    <message>
        <source>What happened?</source>
        <translation>Что произошло?</translation>
    </message>
    <message>
        <source>Your note (optional)</source>
        <translation>Ваша заметка (необязательно)</translation>
    </message>
    <message>
        <source>What the caller said or did, in your words</source>
        <translation>Что сказал или сделал абонент, своими словами</translation>
    </message>
    <message>
        <source>End call and report</source>
        <translation>Завершить и сообщить</translation>
    </message>
</context>
<context>
    <name>AgentTray</name>
    <message>
        <source>Show the softphone</source>
        <translation>Показать софтфон</translation>
    </message>
    <message>
        <source>Answer the call</source>
        <translation>Ответить на звонок</translation>
    </message>
    <message>
        <source>Go Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <source>Not Ready</source>
        <translation>Не готов</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Перерыв</translation>
    </message>
    <message>
        <source>Export diagnostics for IT…</source>
        <translation>Экспорт диагностики для ИТ-отдела…</translation>
    </message>
    <message>
        <source>Line down</source>
        <translation>Линия недоступна</translation>
    </message>
    <message>
        <source>Phone line lost</source>
        <translation>Телефонная линия потеряна</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Руководитель</translation>
    </message>
    <message>
        <source>Your incident report was acknowledged.</source>
        <translation>Ваше сообщение об инциденте принято.</translation>
    </message>
    <message>
        <source>Message from {0}</source>
        <translation>Сообщение от {0}</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Неизвестный абонент</translation>
    </message>
    <message>
        <source>Unlock the softphone to see who is calling.</source>
        <translation>Разблокируйте софтфон, чтобы увидеть, кто звонит.</translation>
    </message>
    <message>
        <source>Queue: {0}</source>
        <translation>Очередь: {0}</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
</context>
<context>
    <name>Audio</name>
    <message>
        <source>Ring device</source>
        <translation>Устройство звонка</translation>
    </message>
    <message>
        <source>No ring device found: incoming calls are shown on screen only.</source>
        <translation>Устройство для звонка не найдено: входящие вызовы показываются только на экране.</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Микрофон</translation>
    </message>
    <message>
        <source>Headset</source>
        <translation>Гарнитура</translation>
    </message>
    <message>
        <source>No microphone found: calls connect, but the caller hears silence. Plug in a headset and choose it in Settings &gt; Audio.</source>
        <translation>Микрофон не найден: звонки соединяются, но абонент слышит тишину. Подключите гарнитуру и выберите её в Настройки &gt; Звук.</translation>
    </message>
    <message>
        <source>No speaker or headset found: calls connect, but you hear nothing. Plug in a headset and choose it in Settings &gt; Audio.</source>
        <translation>Динамик или гарнитура не найдены: звонки соединяются, но вы ничего не слышите. Подключите гарнитуру и выберите её в Настройки &gt; Звук.</translation>
    </message>
    <message>
        <source>The sound system could not be started: calls connect without sound. Call IT.</source>
        <translation>Не удалось запустить звуковую систему: звонки соединяются без звука. Обратитесь в ИТ-отдел.</translation>
    </message>
</context>
<context>
    <name>CallbacksPanel</name>
    <message>
        <source>Callbacks</source>
        <translation>Обратные звонки</translation>
    </message>
    <message>
        <source>Open requests</source>
        <translation>Открытые заявки</translation>
    </message>
    <message>
        <source>My scheduled callbacks</source>
        <translation>Мои запланированные звонки</translation>
    </message>
    <message>
        <source>Outcome…</source>
        <translation>Итог…</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Вернуть</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Запрошен</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Удобно</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Попытки</translation>
    </message>
    <message>
        <source>When the caller asked for a callback</source>
        <translation>Когда абонент попросил перезвонить</translation>
    </message>
    <message>
        <source>The caller&apos;s preferred time</source>
        <translation>Удобное абоненту время</translation>
    </message>
    <message>
        <source>Tries made of the most allowed</source>
        <translation>Сделано попыток из допустимых</translation>
    </message>
    <message>
        <source>Callable</source>
        <translation>Звонить</translation>
    </message>
    <message>
        <source>The earliest time it can be called</source>
        <translation>Самое раннее время для звонка</translation>
    </message>
    <message>
        <source>Next due</source>
        <translation>Срок</translation>
    </message>
    <message>
        <source>The next try, by the center&apos;s retry rule</source>
        <translation>Следующая попытка по правилу центра</translation>
    </message>
    <message>
        <source>Open requests ({0})</source>
        <translation>Открытые заявки ({0})</translation>
    </message>
    <message>
        <source>My scheduled ({0})</source>
        <translation>Мои запланированные ({0})</translation>
    </message>
    <message>
        <source>Due now: {0}</source>
        <translation>Пора звонить: {0}</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Перезвонить</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
</context>
<context>
    <name>Center</name>
    <message>
        <source>The center is not reachable — check your VPN connection.</source>
        <translation>Центр недоступен — проверьте подключение к VPN.</translation>
    </message>
    <message>
        <source>The center did not answer in time — try again in a moment.</source>
        <translation>Центр не ответил вовремя — повторите попытку чуть позже.</translation>
    </message>
    <message>
        <source>The center&apos;s certificate could not be verified — do not continue; contact IT.</source>
        <translation>Не удалось проверить сертификат центра — не продолжайте, обратитесь в ИТ-отдел.</translation>
    </message>
    <message>
        <source>Your session has expired — please sign in again.</source>
        <translation>Сеанс истёк — войдите снова.</translation>
    </message>
    <message>
        <source>Someone else changed this first — reload and try again.</source>
        <translation>Кто-то уже изменил эти данные — обновите и попробуйте снова.</translation>
    </message>
    <message>
        <source>The center sent an answer the app does not understand — try again, and contact IT if it keeps happening.</source>
        <translation>Центр прислал ответ, который приложение не понимает — повторите попытку, а если ошибка повторится, обратитесь в ИТ-отдел.</translation>
    </message>
    <message>
        <source>The center had a problem — try again in a moment.</source>
        <translation>В центре произошла ошибка — повторите попытку чуть позже.</translation>
    </message>
    <message>
        <source>The center refused the request.</source>
        <translation>Центр отклонил запрос.</translation>
    </message>
    <message>
        <source>These are another counselor&apos;s sign-in details. Sign in again with your own password.</source>
        <translation>Это данные для входа другого оператора. Войдите снова со своим паролем.</translation>
    </message>
    <message>
        <source>There is no session to resume on this computer: log in again.</source>
        <translation>На этом компьютере нет сеанса, который можно продолжить: войдите снова.</translation>
    </message>
</context>
<context>
    <name>ChecklistView</name>
    <message>
        <source>Center connection (VPN)</source>
        <translation>Связь с центром (VPN)</translation>
    </message>
    <message>
        <source>Phone line</source>
        <translation>Телефонная линия</translation>
    </message>
    <message>
        <source>SIP stack</source>
        <translation>SIP-стек</translation>
    </message>
    <message>
        <source>Headset and speakers</source>
        <translation>Гарнитура и динамики</translation>
    </message>
    <message>
        <source>Network for calls</source>
        <translation>Сеть для звонков</translation>
    </message>
    <message>
        <source>Health self-check</source>
        <translation>Самопроверка здоровья</translation>
    </message>
    <message>
        <source>Before your shift</source>
        <translation>Перед сменой</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>Подробнее…</translation>
    </message>
    <message>
        <source>Continue to the desk</source>
        <translation>Перейти к рабочему месту</translation>
    </message>
    <message>
        <source>Before your shift, {0}</source>
        <translation>{0}, перед сменой</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <source>Go Ready</source>
        <translation>Перейти в «Готов»</translation>
    </message>
    <message>
        <source>Stay Not Ready</source>
        <translation>Остаться в «Не готов»</translation>
    </message>
    <message>
        <source>The connection is back. You are Not Ready: go Ready again?</source>
        <translation>Связь восстановлена. Вы в статусе «Не готов»: снова перейти в «Готов»?</translation>
    </message>
    <message>
        <source>(offline for {0})</source>
        <translation>(без связи {0})</translation>
    </message>
</context>
<context>
    <name>ContextPanel</name>
    <message>
        <source>Caller</source>
        <translation>Абонент</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Menu choices</source>
        <translation>Выбор в меню</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>Открытые обращения</translation>
    </message>
    <message>
        <source>Recent contacts</source>
        <translation>Недавние обращения</translation>
    </message>
    <message>
        <source>Looking up the caller…</source>
        <translation>Ищем данные абонента…</translation>
    </message>
    <message>
        <source>No caller</source>
        <translation>Нет абонента</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Неизвестный абонент</translation>
    </message>
    <message>
        <source>New caller (no customer record)</source>
        <translation>Новый абонент (нет карточки клиента)</translation>
    </message>
    <message>
        <source>waited {0}</source>
        <translation>ждал {0}</translation>
    </message>
    <message>
        <source>open</source>
        <translation>открыто</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ожидает</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>в работе</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>закрыто</translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <source>You missed a call, so you are now Not Ready. Go Ready when you can take calls.</source>
        <translation>Вы пропустили звонок и переведены в «Не готов». Перейдите в «Готов», когда сможете принимать звонки.</translation>
    </message>
    <message>
        <source>You have not heard the caller for a while. Ask if they are still there, or check the line.</source>
        <translation>Абонента давно не слышно. Спросите, на линии ли он, или проверьте связь.</translation>
    </message>
    <message>
        <source>Finish the current call before calling back.</source>
        <translation>Прежде чем перезванивать, завершите текущий звонок.</translation>
    </message>
    <message>
        <source>This callback has no usable number.</source>
        <translation>В этой заявке на обратный звонок нет пригодного номера.</translation>
    </message>
    <message>
        <source>Your microphone seems silent. Check that the headset is plugged in and not muted on its cable.</source>
        <translation>Похоже, ваш микрофон молчит. Проверьте, подключена ли гарнитура и не выключен ли звук на её кабеле.</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Нет ответа</translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation>Неверный номер</translation>
    </message>
    <message>
        <source>The call did not connect: {0}</source>
        <translation>Звонок не соединился: {0}</translation>
    </message>
    <message>
        <source>Something went wrong talking to the center. Try again.</source>
        <translation>Не удалось связаться с центром. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>Missed call</source>
        <translation>Пропущенный звонок</translation>
    </message>
    <message>
        <source>Answer the self-check</source>
        <translation>Ответьте на вопросы самопроверки</translation>
    </message>
    <message>
        <source>You are not cleared for calls today. Follow the guidance and talk to your supervisor.</source>
        <translation>Сегодня вы не допущены к звонкам. Следуйте указаниям и поговорите с руководителем.</translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation>Допущен</translation>
    </message>
    <message>
        <source>Not cleared: see the guidance</source>
        <translation>Не допущен: см. указания</translation>
    </message>
    <message>
        <source>Please answer this question.</source>
        <translation>Ответьте, пожалуйста, на этот вопрос.</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Занято</translation>
    </message>
    <message>
        <source>Done: reached</source>
        <translation>Выполнено: дозвонились</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>Не удалось дозвониться</translation>
    </message>
    <message>
        <source>A scheduled callback is due now: {0}</source>
        <translation>Пора сделать запланированный звонок: {0}</translation>
    </message>
    <message>
        <source>No connection to the center: you are Not Ready. Calls and wrap-ups are kept and will be sent.</source>
        <translation>Нет связи с центром: вы в статусе «Не готов». Звонки и итоги обработки сохраняются и будут отправлены.</translation>
    </message>
    <message>
        <source>The phone line is down: you are Not Ready. Wrap-ups are kept and will be sent.</source>
        <translation>Телефонная линия недоступна: вы в статусе «Не готов». Итоги обработки сохраняются и будут отправлены.</translation>
    </message>
    <message>
        <source>The connection is back ({0} s without it).</source>
        <translation>Связь восстановлена (без связи {0} с).</translation>
    </message>
    <message>
        <source>The wrap-up of your previous call is back: finish it to take calls again.</source>
        <translation>Обработка предыдущего звонка восстановлена: завершите её, чтобы снова принимать звонки.</translation>
    </message>
    <message>
        <source>That number cannot be dialled.</source>
        <translation>На этот номер позвонить нельзя.</translation>
    </message>
    <message>
        <source>Finish the current call first.</source>
        <translation>Сначала завершите текущий звонок.</translation>
    </message>
    <message>
        <source>Type a number or an extension.</source>
        <translation>Введите номер или добавочный.</translation>
    </message>
    <message>
        <source>That is not a phone number or extension.</source>
        <translation>Это не номер телефона и не добавочный.</translation>
    </message>
    <message>
        <source>International numbers cannot be dialled from here.</source>
        <translation>Международные номера отсюда набирать нельзя.</translation>
    </message>
    <message>
        <source>The center does not allow calls to this number.</source>
        <translation>Центр не разрешает звонить на этот номер.</translation>
    </message>
    <message>
        <source>The directory is not available now.</source>
        <translation>Справочник сейчас недоступен.</translation>
    </message>
    <message>
        <source>That directory entry is gone.</source>
        <translation>Этой записи в справочнике больше нет.</translation>
    </message>
    <message>
        <source>Calls cannot be transferred to {0}.</source>
        <translation>На «{0}» звонки переводить нельзя.</translation>
    </message>
    <message>
        <source>Your wrap-up draft could not be saved on this computer. Finish it before closing the app.</source>
        <translation>Не удалось сохранить черновик обработки на этом компьютере. Завершите обработку, прежде чем закрыть приложение.</translation>
    </message>
    <message>
        <source>unknown reason</source>
        <translation>причина неизвестна</translation>
    </message>
    <message>
        <source>The other side did not accept the change to the call (hold or resume). Try again.</source>
        <translation>Собеседник не принял изменение звонка (удержание или возобновление). Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>the line is busy</source>
        <translation>линия занята</translation>
    </message>
    <message>
        <source>nobody answered</source>
        <translation>никто не ответил</translation>
    </message>
    <message>
        <source>the call was declined</source>
        <translation>звонок отклонён</translation>
    </message>
    <message>
        <source>the number cannot be reached</source>
        <translation>номер недоступен</translation>
    </message>
    <message>
        <source>a network problem; check your connection and try again</source>
        <translation>проблема сети; проверьте подключение и попробуйте снова</translation>
    </message>
    <message>
        <source>you cancelled it</source>
        <translation>вы отменили вызов</translation>
    </message>
    <message>
        <source>You have talked for {0} minutes without a break. Take a break: your supervisor has been told.</source>
        <translation>Вы разговариваете без перерыва уже {0} мин. Сделайте перерыв: руководитель уведомлён.</translation>
    </message>
    <message>
        <source>{0} incidents this shift. Take a break: your supervisor has been told.</source>
        <translation>Инцидентов за смену: {0}. Сделайте перерыв: руководитель уведомлён.</translation>
    </message>
    <message>
        <source>The center&apos;s name is found in {0} ms.</source>
        <translation>Имя центра найдено за {0} мс.</translation>
    </message>
    <message>
        <source>Finding the center&apos;s name takes {0} ms: ask IT to check the VPN&apos;s name servers.</source>
        <translation>Поиск имени центра занимает {0} мс: попросите ИТ-отдел проверить серверы имён VPN.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock matches the center&apos;s.</source>
        <translation>Часы этого компьютера совпадают с часами центра.</translation>
    </message>
    <message>
        <source>The phone line server answers over {0} in {1} ms.</source>
        <translation>Сервер телефонной линии отвечает по {0} за {1} мс.</translation>
    </message>
    <message>
        <source>The phone line server answers slowly over {0} ({1} ms): calls may take longer to connect.</source>
        <translation>Сервер телефонной линии медленно отвечает по {0} ({1} мс): звонки могут соединяться дольше.</translation>
    </message>
    <message>
        <source>No voice is lost on the way.</source>
        <translation>Голос не теряется по пути.</translation>
    </message>
    <message>
        <source>The voice arrives evenly.</source>
        <translation>Голос приходит равномерно.</translation>
    </message>
    <message>
        <source>No working microphone or headset: plug in a headset and choose it in Settings.</source>
        <translation>Нет работающего микрофона или гарнитуры: подключите гарнитуру и выберите её в настройках.</translation>
    </message>
    <message>
        <source>What could be checked is fine, but the phone line and the voice path were not tested.</source>
        <translation>Всё, что удалось проверить, в порядке, но телефонная линия и голосовой канал не проверены.</translation>
    </message>
    <message>
        <source>The center does not answer: check that your VPN is connected.</source>
        <translation>Центр не отвечает: проверьте, подключён ли VPN.</translation>
    </message>
    <message>
        <source>Not tested.</source>
        <translation>Не проверено.</translation>
    </message>
    <message>
        <source>The center is reached by its address: no name lookup is needed.</source>
        <translation>Центр доступен по адресу: поиск имени не нужен.</translation>
    </message>
    <message>
        <source>The center&apos;s name cannot be found: check that your VPN is connected.</source>
        <translation>Не удаётся найти имя центра: проверьте, подключён ли VPN.</translation>
    </message>
    <message>
        <source>The center&apos;s clock could not be read.</source>
        <translation>Не удалось узнать время на часах центра.</translation>
    </message>
    <message>
        <source>Sign in to test the phone line.</source>
        <translation>Войдите, чтобы проверить телефонную линию.</translation>
    </message>
    <message>
        <source>Sign in to test the voice path.</source>
        <translation>Войдите, чтобы проверить голосовой канал.</translation>
    </message>
    <message>
        <source>Expected call quality: good.</source>
        <translation>Ожидаемое качество звонков: хорошее.</translation>
    </message>
    <message>
        <source>Expected call quality: fair. Callers may notice the problems above.</source>
        <translation>Ожидаемое качество звонков: среднее. Абоненты могут заметить проблемы, указанные выше.</translation>
    </message>
    <message>
        <source>Expected call quality: poor. Fix the problems above before taking calls.</source>
        <translation>Ожидаемое качество звонков: плохое. Прежде чем принимать звонки, устраните проблемы, указанные выше.</translation>
    </message>
    <message>
        <source>The sound devices are not checked yet.</source>
        <translation>Звуковые устройства ещё не проверены.</translation>
    </message>
    <message>
        <source>The microphone and headset are ready.</source>
        <translation>Микрофон и гарнитура готовы.</translation>
    </message>
    <message>
        <source>Your network is ready for calls.</source>
        <translation>Ваша сеть готова к звонкам.</translation>
    </message>
    <message>
        <source>Your network works, but calls may suffer: see the amber rows.</source>
        <translation>Сеть работает, но качество звонков может страдать: см. жёлтые строки.</translation>
    </message>
    <message>
        <source>Your network is not ready for calls: see the red rows, or call IT.</source>
        <translation>Сеть не готова к звонкам: см. красные строки или обратитесь в ИТ-отдел.</translation>
    </message>
    <message>
        <source>Nothing could be measured.</source>
        <translation>Ничего не удалось измерить.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is {0} s off the center&apos;s: ask IT to set the time automatically.</source>
        <translation>Часы этого компьютера расходятся с часами центра на {0} с: попросите ИТ-отдел включить автоматическую установку времени.</translation>
    </message>
    <message>
        <source>The center did not say where its phone line server is.</source>
        <translation>Центр не сообщил адрес сервера телефонной линии.</translation>
    </message>
    <message>
        <source>Not tested: the phone line server does not answer.</source>
        <translation>Не проверено: сервер телефонной линии не отвечает.</translation>
    </message>
    <message>
        <source>Large phone-line messages are lost on the way over {0} (a path MTU problem, common with VPNs). They get through over TCP: ask IT to switch your line to TCP.</source>
        <translation>Крупные сообщения телефонной линии теряются при передаче по {0} (проблема с MTU на маршруте, частая при работе через VPN). По TCP они доходят: попросите ИТ-отдел перевести вашу линию на TCP.</translation>
    </message>
    <message>
        <source>Large phone-line messages are lost on the way over {0} (a path MTU problem, common with VPNs): calls may fail to connect. Ask IT to switch your line to TCP.</source>
        <translation>Крупные сообщения телефонной линии теряются при передаче по {0} (проблема с MTU на маршруте, частая при работе через VPN): звонки могут не соединяться. Попросите ИТ-отдел перевести вашу линию на TCP.</translation>
    </message>
    <message>
        <source>{0} % of the voice is lost on the way: callers will hear gaps. Close video and download apps, or use a cable instead of Wi-Fi.</source>
        <translation>По пути теряется {0} % голоса: абоненты услышат пропуски. Закройте приложения для видео и загрузок или подключитесь по кабелю вместо Wi-Fi.</translation>
    </message>
    <message>
        <source>The voice arrives unevenly ({0} ms jitter): callers may sound choppy. Close video and download apps, or use a cable instead of Wi-Fi.</source>
        <translation>Голос приходит неравномерно (джиттер {0} мс): речь абонентов может прерываться. Закройте приложения для видео и загрузок или подключитесь по кабелю вместо Wi-Fi.</translation>
    </message>
    <message>
        <source>The center answers in {0} ms.</source>
        <translation>Центр отвечает за {0} мс.</translation>
    </message>
    <message>
        <source>The center answers slowly ({0} ms): screens may update late.</source>
        <translation>Центр отвечает медленно ({0} мс): экраны могут обновляться с задержкой.</translation>
    </message>
    <message>
        <source>The center answers very slowly ({0} ms): check your VPN connection.</source>
        <translation>Центр отвечает очень медленно ({0} мс): проверьте подключение к VPN.</translation>
    </message>
    <message>
        <source>The phone line server does not answer over {0}: calls cannot reach you. Check your VPN connection, or call IT.</source>
        <translation>Сервер телефонной линии не отвечает по {0}: звонки до вас не дойдут. Проверьте подключение к VPN или обратитесь в ИТ-отдел.</translation>
    </message>
    <message>
        <source>The center offers no voice test.</source>
        <translation>Центр не поддерживает проверку голосового канала.</translation>
    </message>
    <message>
        <source>The voice travels fast enough ({0} ms there and back).</source>
        <translation>Голос передаётся достаточно быстро ({0} мс туда и обратно).</translation>
    </message>
    <message>
        <source>The voice takes {0} ms there and back: you and the caller may talk over each other.</source>
        <translation>Голос идёт туда и обратно {0} мс: вы с абонентом можете перебивать друг друга.</translation>
    </message>
    <message>
        <source>The voice takes {0} ms there and back: conversations will be hard. Check your VPN connection, or call IT.</source>
        <translation>Голос идёт туда и обратно {0} мс: разговаривать будет трудно. Проверьте подключение к VPN или обратитесь в ИТ-отдел.</translation>
    </message>
    <message>
        <source>Large phone-line messages get through over {0}.</source>
        <translation>Крупные сообщения телефонной линии проходят по {0}.</translation>
    </message>
    <message>
        <source>The voice test got no answer from the center: voice may not get through your VPN. Call IT.</source>
        <translation>Центр не ответил на проверку голоса: голос может не проходить через ваш VPN. Обратитесь в ИТ-отдел.</translation>
    </message>
    <message>
        <source>The warning could not be played into the call.</source>
        <translation>Не удалось включить предупреждение в звонок.</translation>
    </message>
    <message>
        <source>The incident was reported to your supervisor. Your protective break starts after the wrap-up.</source>
        <translation>Руководитель получил сообщение об инциденте. Защитный перерыв начнётся после обработки звонка.</translation>
    </message>
    <message>
        <source>The call&apos;s audio clip could not be sent; the center was asked to hold its recording.</source>
        <translation>Не удалось отправить аудиофрагмент звонка; центр попросили сохранить запись.</translation>
    </message>
    <message>
        <source>The warning announcement could not be loaded: {0}</source>
        <translation>Не удалось загрузить предупреждение: {0}</translation>
    </message>
    <message>
        <source>the sound file is not usable</source>
        <translation>звуковой файл непригоден</translation>
    </message>
    <message>
        <source>Abusive call ended by the counselor: {0}.</source>
        <translation>Консультант завершил оскорбительный звонок: {0}.</translation>
    </message>
    <message>
        <source>The call&apos;s audio clip could not be kept; the center was asked to hold its recording.</source>
        <translation>Не удалось сохранить аудиофрагмент звонка; центр попросили сохранить запись.</translation>
    </message>
    <message>
        <source>verbal abuse</source>
        <translation>оскорбления</translation>
    </message>
    <message>
        <source>sexual harassment</source>
        <translation>сексуальные домогательства</translation>
    </message>
    <message>
        <source>threat</source>
        <translation>угрозы</translation>
    </message>
    <message>
        <source>other</source>
        <translation>другое</translation>
    </message>
    <message>
        <source>The center has no warning announcement to play.</source>
        <translation>У центра нет предупреждения для воспроизведения.</translation>
    </message>
    <message>
        <source>Your protective break comes first.</source>
        <translation>Сначала защитный перерыв.</translation>
    </message>
    <message>
        <source>Your protective break&apos;s minimum time is over. Go Ready when you feel ready.</source>
        <translation>Минимальное время защитного перерыва прошло. Переходите в режим «Готов», когда будете готовы.</translation>
    </message>
    <message>
        <source>I would like counseling support after an abusive call.</source>
        <translation>Прошу психологическую поддержку после оскорбительного звонка.</translation>
    </message>
    <message>
        <source>Your network is losing {0} % of the caller&apos;s voice: close video and download apps, or move closer to the router.</source>
        <translation>Ваша сеть теряет {0} % голоса абонента: закройте приложения для видео и загрузок или подойдите ближе к роутеру.</translation>
    </message>
    <message>
        <source>Your connection is uneven ({0} ms jitter): the caller may sound choppy. Close video and download apps; a cable is steadier than Wi-Fi.</source>
        <translation>Соединение нестабильно (джиттер {0} мс): речь абонента может прерываться. Закройте приложения для видео и загрузок; кабель стабильнее, чем Wi-Fi.</translation>
    </message>
    <message>
        <source>The line has a long delay ({0} ms there and back): pause a moment before you answer so you do not talk over the caller.</source>
        <translation>На линии большая задержка ({0} мс туда и обратно): прежде чем отвечать, выдержите паузу, чтобы не перебивать абонента.</translation>
    </message>
    <message>
        <source>You cannot sign out of this queue.</source>
        <translation>Из этой очереди выйти нельзя.</translation>
    </message>
    <message>
        <source>The center has not answered yet.</source>
        <translation>Центр ещё не ответил.</translation>
    </message>
    <message>
        <source>The center did not sign you in to the queue.</source>
        <translation>Центр не включил вас в очередь.</translation>
    </message>
    <message>
        <source>The center did not sign you out of the queue.</source>
        <translation>Центр не вывел вас из очереди.</translation>
    </message>
    <message>
        <source>Checking the network…</source>
        <translation>Проверка сети…</translation>
    </message>
    <message>
        <source>Not checked: open Network check in the menu.</source>
        <translation>Не проверено: откройте «Проверку сети» в меню.</translation>
    </message>
    <message>
        <source>This saved result cannot be opened.</source>
        <translation>Не удалось открыть этот сохранённый результат.</translation>
    </message>
    <message>
        <source>You are not signed in to the center: wrap-ups and other writes wait on this computer until you sign in again.</source>
        <translation>Вы не вошли в систему центра: итоги обработки и другие записи ждут на этом компьютере, пока вы не войдёте снова.</translation>
    </message>
    <message>
        <source>Your session with the center ended. Sign in again to keep working: your call and unsent work are kept.</source>
        <translation>Сеанс работы с центром завершён. Войдите снова, чтобы продолжить работу: звонок и неотправленные данные сохранены.</translation>
    </message>
    <message>
        <source>Signed in again. Your unsent work is being sent.</source>
        <translation>Вы снова вошли в систему. Неотправленные данные отправляются.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Введите пароль.</translation>
    </message>
    <message>
        <source>The waiting call went back to the queue.</source>
        <translation>Ожидающий звонок вернулся в очередь.</translation>
    </message>
    <message>
        <source>A second call is waiting: {0}</source>
        <translation>Ожидает второй звонок: {0}</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Неизвестный абонент</translation>
    </message>
    <message>
        <source>The call on hold ended.</source>
        <translation>Удерживаемый звонок завершился.</translation>
    </message>
    <message>
        <source>Your previous answers were not recorded: please answer again.</source>
        <translation>Ваши предыдущие ответы не сохранены: ответьте, пожалуйста, ещё раз.</translation>
    </message>
    <message>
        <source>Sent, waiting for the center</source>
        <translation>Отправлено, ждём ответа центра</translation>
    </message>
    <message>
        <source>The self-check form is invalid. Call your supervisor.</source>
        <translation>Форма самопроверки содержит ошибку. Позвоните руководителю.</translation>
    </message>
    <message>
        <source>Your self-check was not recorded: {0}</source>
        <translation>Самопроверка не сохранена: {0}</translation>
    </message>
    <message>
        <source>Your self-check is not recorded yet ({0}). Trying again in {1} s.</source>
        <translation>Самопроверка ещё не сохранена ({0}). Повторная попытка через {1} с.</translation>
    </message>
    <message>
        <source>Not registered</source>
        <translation>Не зарегистрирована</translation>
    </message>
    <message>
        <source>Complete the health self-check to go Ready.</source>
        <translation>Чтобы перейти в «Готов», пройдите самопроверку здоровья.</translation>
    </message>
    <message>
        <source>The phone line is not registered yet.</source>
        <translation>Телефонная линия ещё не зарегистрирована.</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Подключено</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>Регистрация…</translation>
    </message>
    <message>
        <source>Line ready</source>
        <translation>Линия готова</translation>
    </message>
    <message>
        <source>The center sent unusable phone settings. Call IT.</source>
        <translation>Центр прислал непригодные настройки телефона. Позвоните в ИТ-отдел.</translation>
    </message>
    <message>
        <source>Line refused: calls must be encrypted (SRTP mandatory), which needs SIP over TLS, and TLS is not available in this phone. IT must enable TLS for this computer (or change sip.srtp).</source>
        <translation>Линия не допущена: звонки должны быть зашифрованы (SRTP обязателен), для этого нужен SIP поверх TLS, а TLS в этом телефоне недоступен. ИТ-отдел должен включить TLS на этом компьютере (или изменить sip.srtp).</translation>
    </message>
    <message>
        <source>Line refused: the line must use TLS, and TLS is not available in this phone. IT must enable TLS for this computer (or change sip.transport).</source>
        <translation>Линия не допущена: линия должна работать через TLS, а TLS в этом телефоне недоступен. ИТ-отдел должен включить TLS на этом компьютере (или изменить sip.transport).</translation>
    </message>
    <message>
        <source>Finish the call and wrap-up before logging out.</source>
        <translation>Перед выходом завершите звонок и обработку.</translation>
    </message>
    <message>
        <source>pjsua2 {0}, OpenSSL {1}</source>
        <translation>pjsua2 {0}, OpenSSL {1}</translation>
    </message>
    <message>
        <source>pjsua2 {0}, OpenSSL {1}: ask IT for the hardened build</source>
        <translation>pjsua2 {0}, OpenSSL {1}: попросите ИТ-отдел установить защищённую сборку</translation>
    </message>
    <message>
        <source>pjsua2 {0} without OpenSSL: ask IT for the hardened build</source>
        <translation>pjsua2 {0} без OpenSSL: попросите ИТ-отдел установить защищённую сборку</translation>
    </message>
    <message>
        <source>{0} acknowledged your incident report.</source>
        <translation>{0}: ваше сообщение об инциденте принято.</translation>
    </message>
    <message>
        <source>{0} saw that you need a break.</source>
        <translation>{0}: руководитель видит, что вам нужен перерыв.</translation>
    </message>
    <message>
        <source>Your message to the supervisor was not sent: {0}</source>
        <translation>Сообщение руководителю не отправлено: {0}</translation>
    </message>
    <message>
        <source>Your supervisor answered: {0}</source>
        <translation>Ответ руководителя: {0}</translation>
    </message>
    <message>
        <source>Callback attempt recorded: {0}.</source>
        <translation>Попытка обратного звонка записана: {0}.</translation>
    </message>
    <message>
        <source>Your supervisor was notified.</source>
        <translation>Руководитель уведомлён.</translation>
    </message>
    <message>
        <source>Finish the wrap-up of your previous call first.</source>
        <translation>Сначала завершите обработку предыдущего звонка.</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Решено</translation>
    </message>
    <message>
        <source>Needs follow-up</source>
        <translation>Требуется доработка</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>Обработка</translation>
    </message>
    <message>
        <source>Callback result</source>
        <translation>Результат обратного звонка</translation>
    </message>
    <message>
        <source>Callback try</source>
        <translation>Попытка обратного звонка</translation>
    </message>
    <message>
        <source>Incident report</source>
        <translation>Сообщение об инциденте</translation>
    </message>
    <message>
        <source>Recording hold</source>
        <translation>Сохранение записи</translation>
    </message>
    <message>
        <source>Protective break record</source>
        <translation>Запись о защитном перерыве</translation>
    </message>
    <message>
        <source>The writes kept in memory are saved on this computer now; they are sent as usual.</source>
        <translation>Записи, которые хранились в памяти, теперь сохранены на этом компьютере и будут отправлены как обычно.</translation>
    </message>
    <message>
        <source>{0} write(s) (wrap-ups, incidents, callback outcomes) are not saved on this computer yet: the secure storage (keyring) is not open. Keep the app open and do not log out; call IT if this does not clear.</source>
        <translation>Записей, ещё не сохранённых на этом компьютере (итоги звонков, инциденты, результаты обратных звонков): {0}. Защищённое хранилище (связка ключей) не открыто. Не закрывайте приложение и не выходите; если это не пройдёт, обратитесь в ИТ-отдел.</translation>
    </message>
    <message>
        <source>{0} write(s) were sealed into the file {1}. Give the file and, separately, the passphrase to IT.</source>
        <translation>Записей запечатано в файл {1}: {0}. Передайте в ИТ-отдел файл и отдельно от него — парольную фразу.</translation>
    </message>
    <message>
        <source>{0} write(s) of {1} are waiting to be sent: they go when {1} signs in.</source>
        <translation>Записей пользователя {1}, ожидающих отправки: {0}. Они уйдут, когда {1} войдёт в систему.</translation>
    </message>
    <message>
        <source>The {0} could not be changed; it stays in your &quot;Not sent&quot; list.</source>
        <translation>Не удалось изменить запись ({0}); она остаётся в списке «Не отправлено».</translation>
    </message>
    <message>
        <source>The center did not accept a saved write ({0}): {1}. It is in your &quot;Not sent&quot; list: correct and resend it, or give it to your supervisor.</source>
        <translation>Центр не принял сохранённую запись ({0}): {1}. Она в списке «Не отправлено»: исправьте и отправьте её снова или передайте руководителю.</translation>
    </message>
    <message>
        <source>The {0} is in line to be sent again.</source>
        <translation>Запись ({0}) поставлена в очередь на повторную отправку.</translation>
    </message>
    <message>
        <source>The {0} is kept on this computer for your supervisor and is not sent. Tell your supervisor about it.</source>
        <translation>Запись ({0}) сохранена на этом компьютере для руководителя и не отправляется. Сообщите об этом руководителю.</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>причина не указана</translation>
    </message>
    <message>
        <source>The center never confirmed a saved write ({0}). It is in your &quot;Not sent&quot; list: send it again, or give it to your supervisor.</source>
        <translation>Центр так и не подтвердил сохранённую запись ({0}). Она в списке «Не отправлено»: отправьте её снова или передайте руководителю.</translation>
    </message>
    <message>
        <source>A saved {0} cannot be read on this computer (its key is missing). It is kept, not deleted: call IT.</source>
        <translation>Сохранённую запись ({0}) нельзя прочитать на этом компьютере (нет ключа). Она сохранена, а не удалена: обратитесь в ИТ-отдел.</translation>
    </message>
    <message>
        <source>No caller information.</source>
        <translation>Нет данных об абоненте.</translation>
    </message>
    <message>
        <source>The consultation call ended: {0}</source>
        <translation>Консультационный звонок завершён: {0}</translation>
    </message>
    <message>
        <source>Call transferred.</source>
        <translation>Звонок переведён.</translation>
    </message>
    <message>
        <source>The transfer failed ({0}). You are still connected.</source>
        <translation>Перевод не удался ({0}). Вы всё ещё на связи.</translation>
    </message>
    <message>
        <source>Caller details unavailable: {0}</source>
        <translation>Данные абонента недоступны: {0}</translation>
    </message>
    <message>
        <source>lookup failed</source>
        <translation>поиск не удался</translation>
    </message>
</context>
<context>
    <name>DirectoryPanel</name>
    <message>
        <source>Directory and dial</source>
        <translation>Справочник и набор</translation>
    </message>
    <message>
        <source>Search a name, team or service, or type a number</source>
        <translation>Найдите имя, группу, службу или введите номер</translation>
    </message>
    <message>
        <source>Search or dial</source>
        <translation>Поиск или набор</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Справочник</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <source>Blind transfer: hand the caller over at once</source>
        <translation>Перевод без консультации: абонент передаётся сразу</translation>
    </message>
    <message>
        <source>Consult</source>
        <translation>Консультация</translation>
    </message>
    <message>
        <source>Put the caller on hold and talk to them first</source>
        <translation>Поставить абонента на удержание и сначала поговорить с ними</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Свободен</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>На звонке</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Перерыв</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Не в сети</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Служба</translation>
    </message>
    <message>
        <source>Dials {0}</source>
        <translation>Будет набран {0}</translation>
    </message>
</context>
<context>
    <name>ExportHeldDialog</name>
    <message>
        <source>Export unsent work</source>
        <translation>Экспорт неотправленных данных</translation>
    </message>
    <message>
        <source>{0} write(s) could not be saved on this computer (the secure storage is not open). Seal them into a file with a passphrase and give both to IT, separately: IT can send them to the center later.</source>
        <translation>Записей, которые не удалось сохранить на этом компьютере (защищённое хранилище не открыто): {0}. Запечатайте их в файл с парольной фразой и передайте файл и фразу в ИТ-отдел по отдельности: ИТ-отдел сможет отправить их в центр позже.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Парольная фраза</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>Повтор парольной фразы</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>Export and close</source>
        <translation>Экспортировать и закрыть</translation>
    </message>
    <message>
        <source>The passphrase needs at least {0} characters.</source>
        <translation>Парольная фраза должна содержать не менее {0} символов.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Парольные фразы не совпадают.</translation>
    </message>
    <message>
        <source>Choose a file.</source>
        <translation>Выберите файл.</translation>
    </message>
    <message>
        <source>The file could not be written: {0}</source>
        <translation>Не удалось записать файл: {0}</translation>
    </message>
</context>
<context>
    <name>HealthFormView</name>
    <message>
        <source>Health self-check</source>
        <translation>Самопроверка здоровья</translation>
    </message>
    <message>
        <source>Loading the form…</source>
        <translation>Загрузка формы…</translation>
    </message>
    <message>
        <source>Submit self-check</source>
        <translation>Отправить самопроверку</translation>
    </message>
    <message>
        <source> (optional)</source>
        <translation> (необязательно)</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Обязательно</translation>
    </message>
    <message>
        <source>Sent, waiting for the center</source>
        <translation>Отправлено, ждём ответа центра</translation>
    </message>
    <message>
        <source>Cleared for calls today</source>
        <translation>Сегодня допущены к звонкам</translation>
    </message>
    <message>
        <source>Not cleared for calls today</source>
        <translation>Сегодня не допущены к звонкам</translation>
    </message>
    <message>
        <source>Recording with the center…</source>
        <translation>Сохраняем в центре…</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>This session&apos;s calls</source>
        <translation>Звонки за смену</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Направление</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Итог</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Принят</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Пропущен</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Отклонён</translation>
    </message>
    <message>
        <source>Caller hung up</source>
        <translation>Абонент положил трубку</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <source>Called back</source>
        <translation>Обратный звонок</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Занято</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Нет ответа</translation>
    </message>
    <message>
        <source>Declined by the callee</source>
        <translation>Отклонён</translation>
    </message>
    <message>
        <source>Not reachable</source>
        <translation>Недоступен</translation>
    </message>
    <message>
        <source>Network problem</source>
        <translation>Проблема сети</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Отменён</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Вх.</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Исх.</translation>
    </message>
</context>
<context>
    <name>IdleView</name>
    <message>
        <source>Waiting for a call</source>
        <translation>Ожидание звонка</translation>
    </message>
    <message>
        <source>The queue will offer you the next caller.</source>
        <translation>Очередь направит вам следующего абонента.</translation>
    </message>
    <message>
        <source>You are Not Ready</source>
        <translation>Вы в статусе «Не готов»</translation>
    </message>
    <message>
        <source>Calls are not offered to you. Go Ready to take calls.</source>
        <translation>Звонки вам не поступают. Чтобы принимать звонки, перейдите в «Готов».</translation>
    </message>
    <message>
        <source>On a break</source>
        <translation>На перерыве</translation>
    </message>
    <message>
        <source>Go Ready when you are back.</source>
        <translation>Вернувшись, перейдите в «Готов».</translation>
    </message>
</context>
<context>
    <name>InCallView</name>
    <message>
        <source>Hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Выкл. микрофон</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <source>Ask supervisor</source>
        <translation>Позвать руководителя</translation>
    </message>
    <message>
        <source>Transfer to</source>
        <translation>Перевести на</translation>
    </message>
    <message>
        <source>Blind transfer: hand the caller over at once</source>
        <translation>Слепой перевод: сразу передать абонента</translation>
    </message>
    <message>
        <source>Consult</source>
        <translation>Консультация</translation>
    </message>
    <message>
        <source>Put the caller on hold and talk to the target first</source>
        <translation>Поставить абонента на удержание и сначала поговорить с адресатом</translation>
    </message>
    <message>
        <source>Complete transfer</source>
        <translation>Завершить перевод</translation>
    </message>
    <message>
        <source>Back to caller</source>
        <translation>Вернуться к абоненту</translation>
    </message>
    <message>
        <source>Conference</source>
        <translation>Конференция</translation>
    </message>
    <message>
        <source>The caller, the person you consulted and you, all together</source>
        <translation>Абонент, тот, с кем вы консультировались, и вы — вместе</translation>
    </message>
    <message>
        <source>Drop the caller</source>
        <translation>Отключить абонента</translation>
    </message>
    <message>
        <source>The caller leaves; you stay with your colleague</source>
        <translation>Абонент уходит; вы остаётесь на связи с коллегой</translation>
    </message>
    <message>
        <source>Warn caller</source>
        <translation>Предупредить абонента</translation>
    </message>
    <message>
        <source>Plays the center&apos;s warning to the caller; your microphone is muted while it plays.</source>
        <translation>Включает для абонента предупреждение центра; пока оно звучит, ваш микрофон выключен.</translation>
    </message>
    <message>
        <source>End abusive call</source>
        <translation>Завершить оскорбительный звонок</translation>
    </message>
    <message>
        <source>Reports an incident to your supervisor, ends the call and starts a protective break after wrap-up.</source>
        <translation>Сообщает руководителю об инциденте, завершает звонок и начинает защитный перерыв после обработки.</translation>
    </message>
    <message>
        <source>Keypad</source>
        <translation>Клавиатура</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Неизвестный абонент</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Снять с удержания</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Вкл. микрофон</translation>
    </message>
    <message>
        <source>On hold — the caller hears music</source>
        <translation>На удержании — абонент слышит музыку</translation>
    </message>
    <message>
        <source>The caller put you on hold</source>
        <translation>Абонент поставил вас на удержание</translation>
    </message>
    <message>
        <source>Muted — the caller cannot hear you</source>
        <translation>Микрофон выключен — абонент вас не слышит</translation>
    </message>
    <message>
        <source>Talking</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Соединение…</translation>
    </message>
    <message>
        <source>Encrypted</source>
        <translation>Зашифровано</translation>
    </message>
    <message>
        <source>Calling {0}… the caller is on hold.</source>
        <translation>Вызов {0}… абонент на удержании.</translation>
    </message>
    <message>
        <source>Talking to {0}. The caller is on hold.</source>
        <translation>Разговор с {0}. Абонент на удержании.</translation>
    </message>
    <message>
        <source>Handing the caller over to {0}…</source>
        <translation>Передача абонента: {0}…</translation>
    </message>
    <message>
        <source>Conference: the caller, {0} and you hear each other.</source>
        <translation>Конференция: абонент, {0} и вы слышите друг друга.</translation>
    </message>
    <message>
        <source>Leave (they stay connected)</source>
        <translation>Выйти (они останутся на связи)</translation>
    </message>
    <message>
        <source>Drop {0}</source>
        <translation>Отключить {0}</translation>
    </message>
    <message>
        <source>No sound from the caller for a while</source>
        <translation>Абонента давно не слышно</translation>
    </message>
    <message>
        <source>Your microphone seems silent</source>
        <translation>Ваш микрофон, похоже, молчит</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>Хорошее</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>Среднее</translation>
    </message>
    <message>
        <source>Poor</source>
        <translation>Плохое</translation>
    </message>
    <message>
        <source>Quality: measuring</source>
        <translation>Качество: измеряется</translation>
    </message>
    <message>
        <source>MOS {0:.1f} · jitter {1:.0f} ms · loss {2:.1f} % · RTT {3:.0f} ms · {4}</source>
        <translation>MOS {0:.1f} · джиттер {1:.0f} мс · потери {2:.1f} % · RTT {3:.0f} мс · {4}</translation>
    </message>
    <message>
        <source>The warning is playing to the caller; your microphone is muted.</source>
        <translation>Предупреждение звучит для абонента; ваш микрофон выключен.</translation>
    </message>
    <message>
        <source>Warnings played: %n</source>
        <translation>Проиграно предупреждений: %n</translation>
    </message>
    <message>
        <source>Play the warning %n time(s) before ending the call as abusive.</source>
        <translation>Включите предупреждение ещё %n раз, прежде чем завершить звонок как оскорбительный.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Softphone locked</source>
        <translation>Софтфон заблокирован</translation>
    </message>
    <message>
        <source>Locked because nobody used it for a while. Caller information is hidden. Enter your password to continue.</source>
        <translation>Заблокирован, так как им долго не пользовались. Данные абонентов скрыты. Введите пароль, чтобы продолжить.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <source>A call is ringing. You can answer it now; unlock to see who is calling.</source>
        <translation>Входящий звонок. Можно ответить сейчас; чтобы увидеть, кто звонит, разблокируйте.</translation>
    </message>
    <message>
        <source>You are in a call. Unlock to see the caller&apos;s details.</source>
        <translation>Идёт разговор. Чтобы увидеть данные абонента, разблокируйте.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Проверка…</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Разблокировать</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Введите пароль.</translation>
    </message>
</context>
<context>
    <name>LoginView</name>
    <message>
        <source>Remember my password on this computer</source>
        <translation>Запомнить пароль на этом компьютере</translation>
    </message>
    <message>
        <source>Center</source>
        <translation>Центр</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <source>Center address</source>
        <translation>Адрес центра</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>The address your IT department or supervisor gave you.</source>
        <translation>Адрес, который дал ИТ-отдел или руководитель.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Войти</translation>
    </message>
    <message>
        <source>Agent Softphone</source>
        <translation>Софтфон оператора</translation>
    </message>
    <message>
        <source>Sign in to start your shift.</source>
        <translation>Войдите, чтобы начать смену.</translation>
    </message>
    <message>
        <source>Enter the center&apos;s address, e.g. https://center.example/api/v1</source>
        <translation>Введите адрес центра, например https://center.example/api/v1</translation>
    </message>
    <message>
        <source>The center&apos;s address must start with https:// (a secure connection).</source>
        <translation>Адрес центра должен начинаться с https:// (защищённое соединение).</translation>
    </message>
    <message>
        <source>This is not a valid center address. Example: https://center.example/api/v1</source>
        <translation>Это не адрес центра. Пример: https://center.example/api/v1</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Введите имя пользователя и пароль.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Вход…</translation>
    </message>
    <message>
        <source>The center is reachable.</source>
        <translation>Центр доступен.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Agent Softphone</source>
        <translation>Софтфон оператора</translation>
    </message>
    <message>
        <source>&amp;Softphone</source>
        <translation>&amp;Софтфон</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Настройки…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Сочетания клавиш</translation>
    </message>
    <message>
        <source>&amp;Network check…</source>
        <translation>&amp;Проверка сети…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>Export &amp;diagnostics for IT…</source>
        <translation>Экспорт &amp;диагностики для ИТ-отдела…</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <source>End your shift and log out?</source>
        <translation>Завершить смену и выйти?</translation>
    </message>
    <message>
        <source>Unsent work</source>
        <translation>Неотправленные данные</translation>
    </message>
    <message>
        <source>Keep the app open</source>
        <translation>Не закрывать приложение</translation>
    </message>
    <message>
        <source>Export for IT…</source>
        <translation>Экспорт для ИТ-отдела…</translation>
    </message>
    <message>
        <source>Hang up before closing the app.</source>
        <translation>Прежде чем закрыть приложение, завершите звонок.</translation>
    </message>
    <message>
        <source>Finish the wrap-up before closing: it cannot be saved on this computer now (the secure storage is not open).</source>
        <translation>Прежде чем закрыть приложение, завершите обработку: сейчас её нельзя сохранить на этом компьютере (защищённое хранилище не открыто).</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Неверное имя пользователя или пароль.</translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation>У вас нет прав на это действие.</translation>
    </message>
    <message>
        <source>The center address is not valid. Ask IT.</source>
        <translation>Адрес центра указан неверно. Обратитесь в IT.</translation>
    </message>
    <message>
        <source>The center&apos;s name cannot be found — check that your VPN is connected.</source>
        <translation>Имя центра не найдено — проверьте, подключён ли VPN.</translation>
    </message>
    <message>
        <source>The center refused the connection — it may be down; try again shortly.</source>
        <translation>Центр отклонил подключение — возможно, он не работает; повторите чуть позже.</translation>
    </message>
    <message>
        <source>The center does not answer — check your VPN connection.</source>
        <translation>Центр не отвечает — проверьте подключение VPN.</translation>
    </message>
    <message>
        <source>The proxy server did not let the connection through — ask IT.</source>
        <translation>Прокси-сервер не пропустил подключение — обратитесь в IT.</translation>
    </message>
    <message>
        <source>Something other than the center answered (a proxy or a sign-in page?) — check your VPN connection, or ask IT.</source>
        <translation>Ответил не центр (прокси или страница входа?) — проверьте подключение VPN или обратитесь в IT.</translation>
    </message>
    <message>
        <source>No secure password storage (keyring) is available on this computer, so the app cannot keep your password or session safely. Ask IT to enable the system keyring (on Linux: GNOME Keyring or KWallet via Secret Service).</source>
        <translation>На этом компьютере нет защищённого хранилища паролей (связки ключей), поэтому приложение не может надёжно хранить пароль и сеанс. Попросите IT включить системную связку ключей (в Linux: GNOME Keyring или KWallet через Secret Service).</translation>
    </message>
    <message>
        <source>The system keyring is locked: unlock it (sign in to your desktop session again) and retry.</source>
        <translation>Системная связка ключей заблокирована: разблокируйте её (войдите в сеанс рабочего стола заново) и повторите.</translation>
    </message>
    <message>
        <source>The system keyring failed ({0}): try again; if it keeps failing, ask IT to check the keyring.</source>
        <translation>Сбой системной связки ключей ({0}): повторите; если не помогает, попросите IT проверить связку ключей.</translation>
    </message>
    <message>
        <source>The system keyring did not keep the outbox key: ask IT to check the keyring.</source>
        <translation>Системная связка ключей не сохранила ключ очереди отправки: попросите IT проверить связку ключей.</translation>
    </message>
    <message>
        <source>Wrap-ups cannot be saved on this computer.</source>
        <translation>Итоги звонков нельзя сохранить на этом компьютере.</translation>
    </message>
    <message>
        <source>{0} saved write(s) (wrap-ups, incidents, callback outcomes) are kept on this computer but cannot be sent: the key that protects them is damaged. Nothing was deleted. Call IT.</source>
        <translation>На этом компьютере хранятся сохранённые записи ({0}: итоги звонков, инциденты, результаты обратных звонков), но отправить их нельзя: ключ, который их защищает, повреждён. Ничего не удалено. Позвоните в IT.</translation>
    </message>
    <message>
        <source>{0} saved write(s) (wrap-ups, incidents, callback outcomes) are kept on this computer but cannot be sent: the key that protects them is missing from this computer&apos;s keyring. Nothing was deleted. Call IT before signing in elsewhere.</source>
        <translation>На этом компьютере хранятся сохранённые записи ({0}: итоги звонков, инциденты, результаты обратных звонков), но отправить их нельзя: ключа, который их защищает, нет в хранилище паролей этого компьютера. Ничего не удалено. Позвоните в IT, прежде чем входить на другом компьютере.</translation>
    </message>
    <message>
        <source>{0} saved write(s) (wrap-ups, incidents, callback outcomes) are kept on this computer but cannot be sent: this computer&apos;s keyring now holds another key than the one they were saved with (another program replaced it). Nothing was deleted. Call IT.</source>
        <translation>На этом компьютере хранятся сохранённые записи ({0}: итоги звонков, инциденты, результаты обратных звонков), но отправить их нельзя: в хранилище паролей этого компьютера теперь другой ключ, не тот, с которым они сохранены (его заменила другая программа). Ничего не удалено. Позвоните в IT.</translation>
    </message>
    <message>
        <source>Line not registered (SIP {0}).</source>
        <translation>Линия не зарегистрирована (SIP {0}).</translation>
    </message>
    <message>
        <source>Line not registered: wrong user name or password (SIP {0}).</source>
        <translation>Линия не зарегистрирована: неверное имя пользователя или пароль (SIP {0}).</translation>
    </message>
    <message>
        <source>Line not registered: the phone line server does not know this user (SIP {0}).</source>
        <translation>Линия не зарегистрирована: сервер телефонной линии не знает этого пользователя (SIP {0}).</translation>
    </message>
    <message>
        <source>Line not registered: the phone line server does not answer. Check the network or VPN.</source>
        <translation>Линия не зарегистрирована: сервер телефонной линии не отвечает. Проверьте сеть или VPN.</translation>
    </message>
    <message>
        <source>Line not registered: the phone line server cannot be reached (SIP {0}). Check the network or VPN.</source>
        <translation>Линия не зарегистрирована: сервер телефонной линии недоступен (SIP {0}). Проверьте сеть или VPN.</translation>
    </message>
    <message>
        <source>Line not registered: the phone line server&apos;s certificate could not be verified. Ask IT for the right CA file or server name.</source>
        <translation>Линия не зарегистрирована: не удалось проверить сертификат сервера телефонной линии. Попросите IT указать правильный файл CA или имя сервера.</translation>
    </message>
    <message>
        <source>Line not registered: this phone cannot use the line&apos;s transport. Ask IT.</source>
        <translation>Линия не зарегистрирована: этот телефон не может использовать транспорт линии. Обратитесь в IT.</translation>
    </message>
    <message>
        <source>The network check could not run.</source>
        <translation>Проверку сети выполнить не удалось.</translation>
    </message>
    <message>
        <source>Technical problem</source>
        <translation>Техническая проблема</translation>
    </message>
</context>
<context>
    <name>MyShift</name>
    <message>
        <source>Calls handled</source>
        <translation>Обработано звонков</translation>
    </message>
    <message>
        <source>Average handle time</source>
        <translation>Среднее время обработки</translation>
    </message>
    <message>
        <source>Talk time</source>
        <translation>Время разговоров</translation>
    </message>
    <message>
        <source>Break time</source>
        <translation>Время перерывов</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Инциденты</translation>
    </message>
    <message>
        <source>Callbacks done</source>
        <translation>Выполнено обратных звонков</translation>
    </message>
</context>
<context>
    <name>MyShiftPanel</name>
    <message>
        <source>My shift</source>
        <translation>Моя смена</translation>
    </message>
    <message>
        <source>Take a break</source>
        <translation>Сделать перерыв</translation>
    </message>
    <message>
        <source>Talk since your last break: {0} of {1} min</source>
        <translation>Разговоров после перерыва: {0} из {1} мин</translation>
    </message>
    <message>
        <source>Talk since your last break: {0} min</source>
        <translation>Разговоров после перерыва: {0} мин</translation>
    </message>
    <message>
        <source>You have talked for {0} minutes without a break. Your supervisor has been told.</source>
        <translation>Вы разговариваете без перерыва уже {0} мин. Руководитель уведомлён.</translation>
    </message>
    <message>
        <source>{0} incidents this shift. Your supervisor has been told.</source>
        <translation>Инцидентов за смену: {0}. Руководитель уведомлён.</translation>
    </message>
</context>
<context>
    <name>NotSentButton</name>
    <message>
        <source>Not sent ({0})</source>
        <translation>Не отправлено ({0})</translation>
    </message>
    <message>
        <source>Writes the center did not accept or never confirmed: open the list to correct and resend them, or give them to your supervisor.</source>
        <translation>Записи, которые центр не принял или так и не подтвердил: откройте список, чтобы исправить и отправить их снова или передать руководителю.</translation>
    </message>
</context>
<context>
    <name>NotSentPanel</name>
    <message>
        <source>Not sent to the center</source>
        <translation>Не отправлено в центр</translation>
    </message>
    <message>
        <source>The center did not accept these, or never confirmed them. They are kept on this computer and are not sent again on their own: correct and resend each one, or give it to your supervisor. Nothing is deleted.</source>
        <translation>Центр не принял эти записи или так и не подтвердил их. Они хранятся на этом компьютере и сами повторно не отправляются: исправьте и отправьте снова каждую из них или передайте руководителю. Ничего не удаляется.</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Создана</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Why it was not sent</source>
        <translation>Почему не отправлено</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Give to supervisor…</source>
        <translation>Передать руководителю…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>Обработка</translation>
    </message>
    <message>
        <source>Callback result</source>
        <translation>Результат обратного звонка</translation>
    </message>
    <message>
        <source>Callback try</source>
        <translation>Попытка обратного звонка</translation>
    </message>
    <message>
        <source>Incident report</source>
        <translation>Сообщение об инциденте</translation>
    </message>
    <message>
        <source>Correct and &amp;resend</source>
        <translation>Исправить и &amp;отправить снова</translation>
    </message>
    <message>
        <source>Send &amp;again</source>
        <translation>&amp;Отправить снова</translation>
    </message>
    <message>
        <source>Correct the notes if the reason asks for it, then resend: the center checks it again.</source>
        <translation>Если причина этого требует, исправьте заметки, затем отправьте снова: центр проверит запись ещё раз.</translation>
    </message>
    <message>
        <source>The center may have recorded it already: it is sent again unchanged, so it is never recorded twice.</source>
        <translation>Возможно, центр уже сохранил эту запись: она отправляется снова без изменений, поэтому дважды не сохранится.</translation>
    </message>
    <message>
        <source>{0} / {1}: the limit; the rest was not added</source>
        <translation>{0} / {1}: это предел, остальное не добавлено</translation>
    </message>
    <message>
        <source>{0} / {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <source>Give to supervisor</source>
        <translation>Передать руководителю</translation>
    </message>
    <message>
        <source>Give this {0} to your supervisor? It leaves your list and is not sent; it stays saved on this computer for your supervisor. Tell your supervisor about it.</source>
        <translation>Передать руководителю запись ({0})? Она уйдёт из вашего списка и не будет отправлена, но останется сохранённой на этом компьютере для руководителя. Сообщите об этом руководителю.</translation>
    </message>
</context>
<context>
    <name>OfferView</name>
    <message>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Отклонить</translation>
    </message>
    <message>
        <source>Calling back…</source>
        <translation>Перезваниваем…</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Неизвестный абонент</translation>
    </message>
    <message>
        <source>Queue: {0}</source>
        <translation>Очередь: {0}</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Соединение…</translation>
    </message>
</context>
<context>
    <name>OtherCallCard</name>
    <message>
        <source>Answer (hold the current call)</source>
        <translation>Ответить (текущий на удержание)</translation>
    </message>
    <message>
        <source>Send back to the queue</source>
        <translation>Вернуть в очередь</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>Переключиться</translation>
    </message>
    <message>
        <source>Talk to this caller; the current one goes on hold</source>
        <translation>Говорить с этим абонентом; текущий будет на удержании</translation>
    </message>
    <message>
        <source>Hang up this call</source>
        <translation>Завершить этот звонок</translation>
    </message>
    <message>
        <source>Second call waiting</source>
        <translation>Ожидает второй звонок</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>На удержании</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Неизвестный абонент</translation>
    </message>
</context>
<context>
    <name>OutcomeDialog</name>
    <message>
        <source>Callback outcome</source>
        <translation>Итог обратного звонка</translation>
    </message>
    <message>
        <source>Outcome of the try to {0}</source>
        <translation>Итог попытки дозвониться: {0}</translation>
    </message>
    <message>
        <source>Done: reached</source>
        <translation>Выполнено: дозвонились</translation>
    </message>
    <message>
        <source>No answer (try again later)</source>
        <translation>Нет ответа (повторить позже)</translation>
    </message>
    <message>
        <source>Busy (try again later)</source>
        <translation>Занято (повторить позже)</translation>
    </message>
    <message>
        <source>Wrong number (closes the request)</source>
        <translation>Неверный номер (заявка закрывается)</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
</context>
<context>
    <name>ProtectiveBreakPanel</name>
    <message>
        <source>Protective break</source>
        <translation>Защитный перерыв</translation>
    </message>
    <message>
        <source>Support for you</source>
        <translation>Поддержка для вас</translation>
    </message>
    <message>
        <source>Request counseling support</source>
        <translation>Запросить психологическую поддержку</translation>
    </message>
    <message>
        <source>Return early…</source>
        <translation>Вернуться раньше…</translation>
    </message>
    <message>
        <source>{0}:{1} left</source>
        <translation>Осталось {0}:{1}</translation>
    </message>
    <message numerus="yes">
        <source>Take this time for yourself: the queue offers you no calls. The break lasts at least %n minute(s); you can go Ready after that.</source>
        <translation>
            <numerusform>Это время для вас: очередь не предлагает вам звонков. Перерыв длится не меньше %n минуты; после этого можно перейти в режим «Готов».</numerusform>
            <numerusform>Это время для вас: очередь не предлагает вам звонков. Перерыв длится не меньше %n минут; после этого можно перейти в режим «Готов».</numerusform>
            <numerusform>Это время для вас: очередь не предлагает вам звонков. Перерыв длится не меньше %n минут; после этого можно перейти в режим «Готов».</numerusform>
        </translation>
    </message>
    <message>
        <source>Ask your supervisor about the support the center offers.</source>
        <translation>О поддержке, которую предлагает центр, спросите руководителя.</translation>
    </message>
    <message>
        <source>Your request was sent to your supervisor.</source>
        <translation>Ваш запрос отправлен руководителю.</translation>
    </message>
    <message>
        <source>Return early</source>
        <translation>Вернуться раньше</translation>
    </message>
    <message>
        <source>Your protective break is not over. Return to calls now? Your supervisor sees that you returned early.</source>
        <translation>Защитный перерыв ещё не закончился. Вернуться к звонкам сейчас? Руководитель увидит, что вы вернулись раньше.</translation>
    </message>
    <message>
        <source>Return now</source>
        <translation>Вернуться сейчас</translation>
    </message>
    <message>
        <source>Keep resting</source>
        <translation>Продолжить отдых</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Queues</source>
        <translation>Очереди</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Очередь</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Ждут</translation>
    </message>
    <message>
        <source>Oldest</source>
        <translation>Ожидание</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Заняты</translation>
    </message>
    <message>
        <source>Callers waiting</source>
        <translation>Абонентов в ожидании</translation>
    </message>
    <message>
        <source>Ticked: the queue offers you its callers</source>
        <translation>Отмечено: очередь предлагает вам своих абонентов</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>Самое долгое ожидание</translation>
    </message>
    <message>
        <source>Counselors ready</source>
        <translation>Готовых операторов</translation>
    </message>
    <message>
        <source>Counselors on a call</source>
        <translation>Операторов на линии</translation>
    </message>
    <message>
        <source>Not yours</source>
        <translation>Не ваша</translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation>Выход…</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Вход…</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>В очереди</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Вне очереди</translation>
    </message>
    <message>
        <source>Sign out of queue</source>
        <translation>Выйти из очереди</translation>
    </message>
    <message>
        <source>Sign in to queue</source>
        <translation>Войти в очередь</translation>
    </message>
    <message>
        <source>Sign out of the queue {0}</source>
        <translation>Выйти из очереди «{0}»</translation>
    </message>
    <message>
        <source>Sign in to the queue {0}</source>
        <translation>Войти в очередь «{0}»</translation>
    </message>
    <message>
        <source>Sign in to or out of the selected queue</source>
        <translation>Войти в выбранную очередь или выйти из неё</translation>
    </message>
    <message>
        <source>You cannot sign out of this queue: {0}</source>
        <translation>Из этой очереди выйти нельзя: {0}</translation>
    </message>
    <message>
        <source>The center does not let you sign out of this queue.</source>
        <translation>Центр не разрешает выходить из этой очереди.</translation>
    </message>
    <message>
        <source>This queue is not assigned to you.</source>
        <translation>Эта очередь вам не назначена.</translation>
    </message>
    <message>
        <source>{0} ({1}/5)</source>
        <translation>{0} ({1}/5)</translation>
    </message>
    <message>
        <source>Your skills: {0}</source>
        <translation>Ваши навыки: {0}</translation>
    </message>
    <message>
        <source>Your skills</source>
        <translation>Ваши навыки</translation>
    </message>
    <message>
        <source>No queue data yet</source>
        <translation>Данных об очередях пока нет</translation>
    </message>
    <message>
        <source>Queue data {0} s old</source>
        <translation>Данные об очередях: {0} с назад</translation>
    </message>
    <message>
        <source>Queue data {0} min old</source>
        <translation>Данные об очередях: {0} мин назад</translation>
    </message>
    <message>
        <source>The center has not sent newer figures.</source>
        <translation>Центр не присылал более свежих данных.</translation>
    </message>
</context>
<context>
    <name>ReadinessDialog</name>
    <message>
        <source>Network check</source>
        <translation>Проверка сети</translation>
    </message>
    <message>
        <source>Center</source>
        <translation>Центр</translation>
    </message>
    <message>
        <source>Name lookup (DNS)</source>
        <translation>Поиск имени (DNS)</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>Часы</translation>
    </message>
    <message>
        <source>Phone line server</source>
        <translation>Сервер телефонной линии</translation>
    </message>
    <message>
        <source>Large phone-line messages</source>
        <translation>Крупные сообщения линии</translation>
    </message>
    <message>
        <source>Voice: loss</source>
        <translation>Голос: потери</translation>
    </message>
    <message>
        <source>Voice: evenness (jitter)</source>
        <translation>Голос: равномерность (джиттер)</translation>
    </message>
    <message>
        <source>Voice: delay</source>
        <translation>Голос: задержка</translation>
    </message>
    <message>
        <source>Expected call quality</source>
        <translation>Ожидаемое качество звонков</translation>
    </message>
    <message>
        <source>Headset and microphone</source>
        <translation>Гарнитура и микрофон</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>Хорошо</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>Средне</translation>
    </message>
    <message>
        <source>Poor</source>
        <translation>Плохо</translation>
    </message>
    <message>
        <source>Not measured</source>
        <translation>Не измерено</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>Проверить снова</translation>
    </message>
    <message>
        <source>Open previous results</source>
        <translation>Открыть предыдущие результаты</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>The network has not been checked yet.</source>
        <translation>Сеть ещё не проверялась.</translation>
    </message>
    <message>
        <source>Checked {0}</source>
        <translation>Проверено: {0}</translation>
    </message>
    <message>
        <source>Saved for IT: {0}</source>
        <translation>Сохранено для ИТ-отдела: {0}</translation>
    </message>
    <message>
        <source>Checking the network…</source>
        <translation>Проверка сети…</translation>
    </message>
    <message>
        <source>the center</source>
        <translation>центр</translation>
    </message>
    <message>
        <source>name lookup</source>
        <translation>поиск имени</translation>
    </message>
    <message>
        <source>the clock</source>
        <translation>часы</translation>
    </message>
    <message>
        <source>the phone line server</source>
        <translation>сервер телефонной линии</translation>
    </message>
    <message>
        <source>the voice path</source>
        <translation>голосовой канал</translation>
    </message>
    <message>
        <source>Checking the network: {0}…</source>
        <translation>Проверка сети: {0}…</translation>
    </message>
    <message>
        <source>No saved results yet</source>
        <translation>Сохранённых результатов пока нет</translation>
    </message>
</context>
<context>
    <name>ReauthPanel</name>
    <message>
        <source>Sign in again</source>
        <translation>Войти снова</translation>
    </message>
    <message>
        <source>Your session with the center ended. Sign in again to keep working: your call and unsent work are kept.</source>
        <translation>Сеанс работы с центром завершён. Войдите снова, чтобы продолжить работу: звонок и неотправленные данные сохранены.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Позже</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Вход…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Войти</translation>
    </message>
    <message>
        <source>You are not signed in to the center: writes wait on this computer.</source>
        <translation>Вы не вошли в систему центра: записи ждут на этом компьютере.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Set by your IT department; ask IT to change it.</source>
        <translation>Задано ИТ-отделом; чтобы изменить, обратитесь в ИТ-отдел.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Звук</translation>
    </message>
    <message>
        <source>&amp;Microphone</source>
        <translation>&amp;Микрофон</translation>
    </message>
    <message>
        <source>&amp;Headset (caller&apos;s voice)</source>
        <translation>&amp;Гарнитура (голос абонента)</translation>
    </message>
    <message>
        <source>&amp;Ring on</source>
        <translation>&amp;Звонок на</translation>
    </message>
    <message>
        <source>Microphone level</source>
        <translation>Уровень микрофона</translation>
    </message>
    <message>
        <source>Stop the test</source>
        <translation>Остановить проверку</translation>
    </message>
    <message>
        <source>&amp;Test microphone</source>
        <translation>&amp;Проверить микрофон</translation>
    </message>
    <message>
        <source>&amp;Echo test</source>
        <translation>&amp;Эхо-тест</translation>
    </message>
    <message>
        <source>Records 3 seconds and plays them back on the headset</source>
        <translation>Записывает 3 секунды и воспроизводит их в гарнитуре</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Звонки</translation>
    </message>
    <message>
        <source>&amp;Answer queue calls automatically</source>
        <translation>&amp;Автоматически отвечать на звонки из очереди</translation>
    </message>
    <message>
        <source>Play a short &amp;beep before an auto-answered call</source>
        <translation>&amp;Короткий сигнал перед автоответом</translation>
    </message>
    <message>
        <source>Language and appearance</source>
        <translation>Язык и оформление</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>T&amp;heme</source>
        <translation>&amp;Тема</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
    <message>
        <source>Restore the default keys</source>
        <translation>Вернуть клавиши по умолчанию</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Системное по умолчанию</translation>
    </message>
    <message>
        <source>Set by IT</source>
        <translation>Задано ИТ</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Светлая</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Тёмная</translation>
    </message>
    <message>
        <source>{0} (not connected)</source>
        <translation>{0} (не подключено)</translation>
    </message>
    <message>
        <source>“{0}” and “{1}” use the same keys. Choose different keys for one of them.</source>
        <translation>«{0}» и «{1}» назначены на одни и те же клавиши. Выберите другие клавиши для одного из действий.</translation>
    </message>
    <message>
        <source>Some settings could not be saved: {0}. Check that your settings folder is writable.</source>
        <translation>Не удалось сохранить некоторые настройки: {0}. Проверьте, что папка настроек доступна для записи.</translation>
    </message>
    <message>
        <source>Speak now: recording 3 seconds, then playing back…</source>
        <translation>Говорите: записываем 3 секунды, затем воспроизводим…</translation>
    </message>
    <message>
        <source>Did you hear yourself? If not, choose another headset.</source>
        <translation>Вы себя услышали? Если нет, выберите другую гарнитуру.</translation>
    </message>
    <message>
        <source>The echo test failed.</source>
        <translation>Эхо-тест не удался.</translation>
    </message>
</context>
<context>
    <name>SettingsProblemsDialog</name>
    <message>
        <source>Agent Softphone cannot start</source>
        <translation>Софтфон оператора не может запуститься</translation>
    </message>
    <message>
        <source>Your IT department&apos;s settings for this computer have a problem, so the softphone does not start. Please tell IT what is shown below (it is also in the log file).</source>
        <translation>В настройках ИТ-отдела для этого компьютера есть ошибка, поэтому софтфон не запускается. Сообщите в ИТ-отдел то, что показано ниже (это есть и в журнале).</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… и ещё %n</numerusform>
            <numerusform>… и ещё %n</numerusform>
            <numerusform>… и ещё %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ShiftSummaryDialog</name>
    <message>
        <source>Your shift</source>
        <translation>Ваша смена</translation>
    </message>
    <message>
        <source>Your shift lasted {0}.</source>
        <translation>Смена длилась {0}.</translation>
    </message>
    <message>
        <source>Thank you. These figures are kept only until you close this window.</source>
        <translation>Спасибо. Эти цифры хранятся только до закрытия этого окна.</translation>
    </message>
</context>
<context>
    <name>ShortcutListDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Клавиши</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(нет)</translation>
    </message>
    <message>
        <source>Shortcuts work while the softphone window is in front. When another program is in front, answer from the notification or the tray icon&apos;s menu. Headset buttons work only where the system passes them to the app.</source>
        <translation>Сочетания клавиш работают, когда окно софтфона на переднем плане. Если впереди другая программа, отвечайте из уведомления или из меню значка в трее. Кнопки гарнитуры работают, только если система передаёт их приложению.</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Answer the call</source>
        <translation>Ответить на звонок</translation>
    </message>
    <message>
        <source>Decline the call</source>
        <translation>Отклонить звонок</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>Hold / resume</source>
        <translation>Удержание / снять</translation>
    </message>
    <message>
        <source>Mute / unmute</source>
        <translation>Выкл. / вкл. микрофон</translation>
    </message>
    <message>
        <source>Go Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <source>Not Ready (choose a reason)</source>
        <translation>Не готов (выбрать причину)</translation>
    </message>
    <message>
        <source>Break (choose a reason)</source>
        <translation>Перерыв (выбрать причину)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
    <message>
        <source>Answer or hang up</source>
        <translation>Ответить или завершить</translation>
    </message>
    <message>
        <source>Headset: call button</source>
        <translation>Гарнитура: кнопка вызова</translation>
    </message>
    <message>
        <source>Headset: hang-up button</source>
        <translation>Гарнитура: кнопка отбоя</translation>
    </message>
    <message>
        <source>Headset: call/hang-up button</source>
        <translation>Гарнитура: кнопка вызова/отбоя</translation>
    </message>
    <message>
        <source>Headset: microphone mute</source>
        <translation>Гарнитура: отключение микрофона</translation>
    </message>
    <message>
        <source>Headset: play/pause (answers only)</source>
        <translation>Гарнитура: воспроизведение/пауза (только ответ)</translation>
    </message>
</context>
<context>
    <name>State</name>
    <message>
        <source>Logged out</source>
        <translation>Не в системе</translation>
    </message>
    <message>
        <source>Not Ready</source>
        <translation>Не готов</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Перерыв</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>Входящий вызов</translation>
    </message>
    <message>
        <source>On call</source>
        <translation>На линии</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>Обработка</translation>
    </message>
</context>
<context>
    <name>StateBar</name>
    <message>
        <source>Go Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <source>Not Ready</source>
        <translation>Не готов</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Перерыв</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <source>After this call: {0}</source>
        <translation>После этого звонка: {0}</translation>
    </message>
    <message>
        <source>Line down</source>
        <translation>Линия недоступна</translation>
    </message>
    <message>
        <source>Line ready</source>
        <translation>Линия готова</translation>
    </message>
    <message>
        <source>Line ready (TLS)</source>
        <translation>Линия готова (TLS)</translation>
    </message>
    <message>
        <source>Signalling encrypted: {0}, {1}</source>
        <translation>Сигнализация зашифрована: {0}, {1}</translation>
    </message>
    <message>
        <source>Signalling not encrypted ({0})</source>
        <translation>Сигнализация не зашифрована ({0})</translation>
    </message>
    <message>
        <source>This call is encrypted: signalling (TLS) and audio (SRTP).</source>
        <translation>Этот звонок зашифрован: сигнализация (TLS) и звук (SRTP).</translation>
    </message>
    <message>
        <source>IT turned off the check of the phone server&apos;s certificate: another computer could pose as the server. Ask IT to turn it back on.</source>
        <translation>ИТ-отдел отключил проверку сертификата телефонного сервера: другой компьютер может выдать себя за сервер. Попросите ИТ-отдел снова её включить.</translation>
    </message>
    <message>
        <source>Server certificate not verified</source>
        <translation>Сертификат сервера не проверен</translation>
    </message>
    <message>
        <source>⇡ {0} to send</source>
        <translation>⇡ к отправке: {0}</translation>
    </message>
</context>
<context>
    <name>ThreadPanel</name>
    <message>
        <source>Supervisor</source>
        <translation>Руководитель</translation>
    </message>
    <message>
        <source>Write to your supervisor…</source>
        <translation>Написать руководителю…</translation>
    </message>
    <message>
        <source>Message to your supervisor</source>
        <translation>Сообщение руководителю</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Отправить</translation>
    </message>
    <message>
        <source>Ask your supervisor here, during a call or between calls. The answer shows here and in a notice.</source>
        <translation>Спросите руководителя здесь — во время звонка или между звонками. Ответ появится здесь и в уведомлении.</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Вы</translation>
    </message>
    <message>
        <source>Counseling request</source>
        <translation>Запрос психологической поддержки</translation>
    </message>
    <message>
        <source>{0} acknowledged your incident report.</source>
        <translation>{0}: ваше сообщение об инциденте принято.</translation>
    </message>
    <message>
        <source>{0} saw that you need a break.</source>
        <translation>{0}: руководитель видит, что вам нужен перерыв.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Отправка…</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Не отправлено</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Отправить снова</translation>
    </message>
    <message>
        <source>Messages cannot reach your supervisor now: {0}</source>
        <translation>Сейчас сообщения не доходят до руководителя: {0}</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Callback due</source>
        <translation>Пора перезвонить</translation>
    </message>
</context>
<context>
    <name>WindowLock</name>
    <message>
        <source>That is not your password.</source>
        <translation>Неверный пароль.</translation>
    </message>
    <message>
        <source>The password could not be checked (is the center reachable?). Try again.</source>
        <translation>Не удалось проверить пароль (доступен ли центр?). Попробуйте ещё раз.</translation>
    </message>
</context>
<context>
    <name>WrapupView</name>
    <message>
        <source>Wrap-up</source>
        <translation>Обработка</translation>
    </message>
    <message>
        <source>Notes for the case (what was asked, what you did)</source>
        <translation>Заметки по обращению (о чём спросили, что вы сделали)</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>&amp;Finish wrap-up</source>
        <translation>&amp;Завершить обработку</translation>
    </message>
    <message>
        <source>{0} / {1}: the limit; the rest was not added</source>
        <translation>{0} / {1}: это предел, остальное не добавлено</translation>
    </message>
    <message>
        <source>{0} / {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <source>Loading dispositions…</source>
        <translation>Загрузка вариантов результата…</translation>
    </message>
    <message>
        <source>Choose a disposition to finish.</source>
        <translation>Чтобы завершить, выберите результат.</translation>
    </message>
    <message>
        <source>Wrap-up: callback</source>
        <translation>Обработка: обратный звонок</translation>
    </message>
    <message>
        <source>over by {0}</source>
        <translation>превышено на {0}</translation>
    </message>
</context>
<context>
    <name>_Answer</name>
    <message>
        <source>Yes</source>
        <translation>Да</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Нет</translation>
    </message>
</context>
</TS>
