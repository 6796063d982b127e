"""Operations: health, readiness, metrics, request ids and upload size limits."""
