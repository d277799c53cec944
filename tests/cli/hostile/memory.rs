//! Hostile cases: memory.
