//! Hostile input: what a careless or malicious file, pipe or memory path
//! does to the binary. Each case drives the real `dragoman` and checks
//! that nothing is lost, nothing hangs and nothing grows without bound.
//! One file per area, so that the cases of one area stay together.

mod cli;
mod formats;
mod input;
mod memory;
mod office;
mod suggest;
