//! Hostile cases: cli.
