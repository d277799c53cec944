//! Hostile cases: suggest.
