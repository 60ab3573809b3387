"""Request and response bodies of the center API (pydantic), as in contract/center-api.yaml."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

Lang = Literal["en", "ko", "ru"]
AgentStateName = Literal["not_ready", "ready", "break", "ringing", "on_call", "wrap_up"]
Id = Field(min_length=1, max_length=100)


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


def _answer(description: str, **extra: Any) -> dict:
    return {"model": ErrorBody, "description": description, **extra}


ERROR_ANSWERS = {   # the error answers routes document besides the generic 4XX/5XX
    401: _answer("Not signed in, or wrong user name or password"),
    403: _answer("Signed in, but not allowed (e.g. an agent's token on a supervisor route)"),
    404: _answer("No such object, or not yours: another agent's object answers the same"),
    409: _answer("Conflicts with the object's state (e.g. another agent took it)"),
    422: _answer("Invalid request"),
    429: _answer("Too many failed sign-ins: wait Retry-After seconds",
                 headers={"Retry-After": {"description": "Seconds until the next try",
                                          "schema": {"type": "integer"}}}),
}


class LoginRequest(_In):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=200)
    sip_contact: str = Field(default="", max_length=500, description=(
        "Where the queue may send this agent's calls without a proxy. Kept only when it names "
        "the agent's SIP user at the address the request came from; ignored otherwise"))


class SupervisorLoginRequest(_In):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=200)


class SupervisorProfile(BaseModel):
    id: str
    display_name: str


class SupervisorSession(BaseModel):
    token: str = Field(description="Bearer token; the same value is set as the "
                                   "supervisor_session cookie")
    expires_in: int
    supervisor: SupervisorProfile


class RefreshRequest(_In):
    refresh_token: str = Field(min_length=1, max_length=200)


class AgentProfile(BaseModel):
    id: str
    display_name: str
    language: Lang


class SipProvisioning(BaseModel):
    registrar: str
    domain: str
    username: str
    password: str
    transport: Literal["udp", "tcp", "tls"]
    outbound_proxy: str
    srtp: Literal["off", "optional", "mandatory"]
    register_expiry_s: int


class QueueInfo(BaseModel):
    id: str
    name: str
    acw_limit_s: int
    call_waiting: bool = Field(False, description="offers may ring while the counselor is on "
                                                  "a call (the desk asks; IT may override)")


class SessionSettings(BaseModel):
    ring_timeout_s: int
    acw_limit_s: int


class TokenPair(BaseModel):
    token: str
    refresh_token: str
    expires_in: int


class LoginResponse(TokenPair):
    agent: AgentProfile
    sip: SipProvisioning
    queues: list[QueueInfo]
    settings: SessionSettings


class Ok(BaseModel):
    ok: bool


class HealthQuestion(BaseModel):
    id: str
    kind: Literal["number", "yes_no", "scale"]
    label: str
    required: bool
    unit: Optional[str] = None
    min: Optional[float] = None
    max: Optional[float] = None
    step: Optional[float] = None
    low_label: Optional[str] = None
    high_label: Optional[str] = None


class HealthRule(BaseModel):
    question: str
    op: Literal["==", "!=", ">=", ">", "<=", "<"]
    value: Any


class HealthFormBody(BaseModel):
    form_id: str
    version: int
    language: Lang
    title: str
    intro: str
    guidance: str
    questions: list[HealthQuestion]
    rules: list[HealthRule]


class HealthCheckRequest(_In):
    form_id: str = Field(min_length=1, max_length=100)
    form_version: int
    answers: dict[str, Any]


class HealthCheckResult(BaseModel):
    cleared: bool
    guidance: str


class ReasonCode(BaseModel):
    code: str
    kind: Literal["not_ready", "break"]
    label: str


class StateRequest(_In):
    state: AgentStateName = Field(description=(
        "ringing, on_call and wrap_up are the center's: asked for, they change nothing (the "
        "answer carries the center's state) unless the center knows the agent's own call "
        "behind them (wrap_up after on_call; on_call with a claimed callback)"))
    reason_code: str = Field(default="", max_length=100)


class StateResponse(BaseModel):
    state: AgentStateName
    reason_code: str
    since: str = Field(description="ISO 8601 UTC")


class QueueStats(BaseModel):
    id: str
    name: str
    waiting: int
    longest_wait_s: int
    agents_ready: int
    agents_on_call: int


class Customer(BaseModel):
    id: str
    name: str
    segment: str
    language: str
    notes: str


class RecentContact(BaseModel):
    at: str = Field(description="ISO 8601 UTC")
    queue_id: str
    disposition: Optional[str]
    disposition_label: str = Field("", description="the disposition in the counselor's language")
    notes: str


class OpenCase(BaseModel):
    id: str
    title: str
    status: str
    opened_at: str = Field(description="ISO 8601 UTC")


class CallerContext(BaseModel):
    interaction_id: Optional[str]
    queue_id: Optional[str]
    caller_number: str
    customer: Optional[Customer]
    recent_contacts: list[RecentContact]
    ivr_path: list[str]
    open_cases: list[OpenCase]
    waited_s: int


class Disposition(BaseModel):
    code: str
    label: str
    queue_id: Optional[str]


class WrapupRequest(_In):
    disposition: str = Field(min_length=1, max_length=100)
    notes: str = Field(default="", max_length=10_000)


class Callback(BaseModel):
    id: str
    number: str
    name: str
    queue_id: str
    requested_at: str = Field(description="ISO 8601 UTC")
    note: str
    status: Literal["open", "claimed", "done"]


class CallbackCompleteRequest(_In):
    outcome: str = Field(min_length=1, max_length=100)
    notes: str = Field(default="", max_length=10_000)


class QuickConnect(BaseModel):
    id: str
    name: str
    uri: str


MAX_EPOCH = 4_102_444_800.0     # 2100-01-01
Epoch = Annotated[float, Field(ge=0, le=MAX_EPOCH)]


class IncidentTimeline(_In):
    answered_at: Optional[Epoch] = Field(default=None, description="UNIX seconds")
    warnings_at: list[Epoch] = Field(default_factory=list, max_length=50,
                                     description="When each warning was played, UNIX seconds")
    ended_at: Optional[Epoch] = Field(default=None, description="UNIX seconds")


class IncidentRequest(_In):
    interaction_id: Optional[str] = Field(default=None, max_length=100)
    severity: Literal["low", "medium", "high"]
    description: str = Field(min_length=1, max_length=10_000)
    category: Optional[Literal["verbal_abuse", "sexual_harassment", "threat", "other"]] = None
    note: str = Field(default="", max_length=4000, description="The counselor's own words")
    language: Optional[Lang] = Field(default=None, description="The call's language")
    timeline: Optional[IncidentTimeline] = None


class IncidentCreated(BaseModel):
    id: int


class HelpRequest(_In):
    message: str = Field(min_length=1, max_length=2000)
    interaction_id: Optional[str] = Field(default=None, max_length=100)


class EchoAddress(BaseModel):
    host: str = Field(description="Empty: the API's own host")
    port: int


class SipAddress(BaseModel):
    transport: Literal["udp", "tcp", "tls"]
    host: str = Field(description="Empty: the API's own host")
    port: int


class NetworkTest(BaseModel):
    echo: Optional[EchoAddress] = Field(description="The UDP echo service (null: none)")
    sip_domain: str = Field(description="Request-URI host of a SIP OPTIONS to the registrar")
    sip: list[SipAddress] = Field(description="The registrar's addresses, one per transport")
