"""Pure domain code: records, days, streaks, vocabulary. No Textual, no TinyDB, no I/O."""
