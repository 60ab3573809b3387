"""A PortAudio stream whose callback is a C function (fastpath.c's), opened through
sounddevice's own PortAudio binding, so devices stay sounddevice's business."""

from __future__ import annotations


class PortAudioStream:
    """A PortAudio stream with a C callback, opened through sounddevice's PortAudio binding;
    offers what SoundIO uses of a sounddevice stream (``active``, ``latency``, ``start``,
    ``abort``, ``close``, ``_ptr``)."""

    def __init__(self, kind: str, device: int, rate: int, block: int, callback: int,
                 userdata: int) -> None:
        import sounddevice as sd
        self._sd, lib, ffi = sd, sd._lib, sd._ffi
        info = sd.query_devices(device)
        params = ffi.new("PaStreamParameters*", {
            "device": device, "channelCount": 1, "sampleFormat": lib.paFloat32,
            "suggestedLatency": info[f"default_low_{kind}_latency"],
            "hostApiSpecificStreamInfo": ffi.NULL})
        self._kind = kind
        pp = ffi.new("PaStream**")
        err = lib.Pa_OpenStream(pp, params if kind == "input" else ffi.NULL,
                                params if kind == "output" else ffi.NULL, float(rate), block,
                                0, ffi.cast("PaStreamCallback *", callback),
                                ffi.cast("void *", userdata))
        self._check(err)
        self._ptr = pp[0]
        self._closed = False

    def _check(self, err: int) -> None:
        if err < 0:
            text = self._sd._ffi.string(self._sd._lib.Pa_GetErrorText(err)).decode(errors="replace")
            raise self._sd.PortAudioError(text, err)

    def start(self) -> None:
        self._check(self._sd._lib.Pa_StartStream(self._ptr))

    @property
    def active(self) -> bool:
        if self._closed:
            return False
        err = self._sd._lib.Pa_IsStreamActive(self._ptr)
        self._check(err)
        return err == 1

    @property
    def latency(self) -> float:
        info = self._sd._lib.Pa_GetStreamInfo(self._ptr)
        if info == self._sd._ffi.NULL:
            raise self._sd.PortAudioError("no stream info")
        return float(info.inputLatency if self._kind == "input" else info.outputLatency)

    def abort(self) -> None:
        if not self._closed:
            self._sd._lib.Pa_AbortStream(self._ptr)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._sd._lib.Pa_CloseStream(self._ptr)
