"""The Roadmap tab: timeline, Now/Next/Later, prioritisation, value/effort matrix, ideas."""
