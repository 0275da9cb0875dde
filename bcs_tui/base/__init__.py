"""What every layer shares and which imports none of them: nanosecond time, safe text,
terminal-cell width and the status vocabulary."""
