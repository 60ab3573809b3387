"""Audio bridge tests: pure ring logic, and real calls through a private PulseAudio."""
