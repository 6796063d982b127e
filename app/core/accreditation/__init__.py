"""app/core/accreditation."""
