"""The SIP stack: SipEngine sends typed commands to pjsua2 on its own thread, and emits events."""
