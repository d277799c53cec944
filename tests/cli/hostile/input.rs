//! Hostile cases: input.
