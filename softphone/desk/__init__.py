"""The desk: controllers (QtCore only) that join SIP events, center answers and the agent state, and the frozen views they emit."""
