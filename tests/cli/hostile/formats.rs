//! Hostile cases: formats.
