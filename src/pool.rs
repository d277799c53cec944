//! A small pool of worker threads that keeps order: the inputs are
//! shared out to `jobs` threads as each finishes its last one, and the
//! results come back in input order, each handed on as soon as it and
//! every one before it are done. Workers run at most [`AHEAD_PER_JOB`]
//! inputs per thread ahead of the oldest result not yet handed on, so
//! results waiting for a slow one before them stay few, whatever the
//! number of inputs. Each worker may keep its own state (a segmenter per
//! language, a connection), made once per thread.
//!
//! Work that must go on *beside* the caller rather than while it waits
//! (the retrieval index of an import, keyed while the writer goes on
//! inserting) is a [`Stage`]: one worker thread fed through a bounded
//! queue, which may hand results back early and returns its last one
//! when its input ends. It is a thread of its own, not one of
//! [`for_each_in_order`]'s: those run inside a scope that ends before
//! the caller goes on, over inputs all known at the start, while a
//! stage lives as long as its caller keeps sending and keeps its state
//! (the index builder's lists) from the first input to the last.
//!
//! ```
//! let squares = dragoman::pool::map_ordered(&[1, 2, 3, 4], 2, |n| n * n);
//! assert_eq!(squares, [1, 4, 9, 16]);
//! ```

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, mpsc};

/// How many inputs per worker may be started past the oldest result
/// not yet handed on: enough that no worker waits while one slow input
/// is at work, few enough that waiting results stay small. A judgement,
/// not a measurement: the hand-rolled pools this replaced had no bound.
pub const AHEAD_PER_JOB: usize = 4;

/// The number of worker threads to use when none is asked for: one per
/// core (1 if that cannot be known).
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A worker on a thread of its own that runs beside its caller: the
/// caller sends it inputs one by one ([`Stage::send`]), at most `queue`
/// of them waiting; the worker may hand results back before the end
/// ([`Stage::ready`]); [`Stage::finish`] ends its input and returns what
/// it handed back and nobody took, then its last result.
pub struct Stage<I, O, R> {
    inputs: mpsc::SyncSender<I>,
    ready: mpsc::Receiver<O>,
    handle: std::thread::JoinHandle<R>,
}

impl<I: Send + 'static, O: Send + 'static, R: Send + 'static> Stage<I, O, R> {
    /// Starts `work` on its own thread with the receiving end of the
    /// inputs and a sender for early results (unbounded, so that the
    /// worker never waits on a caller that is waiting on it).
    pub fn spawn(queue: usize, work: impl FnOnce(mpsc::Receiver<I>, mpsc::Sender<O>) -> R + Send + 'static) -> Stage<I, O, R> {
        let (inputs, receiver) = mpsc::sync_channel(queue);
        let (give, ready) = mpsc::channel();
        let handle = std::thread::spawn(move || work(receiver, give));
        Stage { inputs, ready, handle }
    }

    /// Hands the worker an input, waiting while `queue` inputs wait.
    pub fn send(&self, input: I) {
        // the worker only stops once the inputs end (or if it panicked,
        // which `finish` reports)
        let _ = self.inputs.send(input);
    }

    /// A result the worker has handed back early, if one is waiting.
    pub fn ready(&self) -> Option<O> {
        self.ready.try_recv().ok()
    }

    /// Ends the input, waits for the worker, and returns the early
    /// results nobody took (oldest first) and the worker's last result.
    /// A panic of the worker is passed on.
    pub fn finish(self) -> (Vec<O>, R) {
        drop(self.inputs);
        let last = self.handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (self.ready.try_iter().collect(), last)
    }
}

/// `f` of every input, in input order, computed on up to `jobs` threads.
pub fn map_ordered<I: Sync, R: Send>(inputs: &[I], jobs: usize, f: impl Fn(&I) -> R + Sync) -> Vec<R> {
    let mut out = Vec::with_capacity(inputs.len());
    let done: Result<(), std::convert::Infallible> = for_each_in_order(
        inputs,
        jobs,
        || (),
        |_, _, input| f(input),
        |_, result| {
            out.push(result);
            Ok(())
        },
    );
    match done {
        Ok(()) => out,
    }
}

/// Computes `work(state, index, input)` for every input on up to `jobs`
/// threads (each with its own `state`, made by `init` when the thread
/// starts) and calls `sink(index, result)` on the calling thread in
/// input order. An error from `sink` stops the workers (inputs not yet
/// started are left) and is returned.
pub fn for_each_in_order<I: Sync, S, R: Send, E>(
    inputs: &[I],
    jobs: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, usize, &I) -> R + Sync,
    mut sink: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E> {
    let jobs = jobs.clamp(1, inputs.len().max(1));
    let window = jobs * AHEAD_PER_JOB;
    // the next input to start, the first result not yet handed on, and
    // whether to stop
    let shared = Mutex::new((0usize, 0usize, false));
    let turn = Condvar::new();
    let (sender, receiver) = mpsc::channel::<(usize, R)>();
    let (init, work, shared, turn) = (&init, &work, &shared, &turn);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let sender = sender.clone();
            scope.spawn(move || {
                let mut state = init();
                loop {
                    let index = {
                        let mut guard = shared.lock().expect("no worker panics holding the lock");
                        while !guard.2 && guard.0 < inputs.len() && guard.0 >= guard.1 + window {
                            guard = turn.wait(guard).expect("no worker panics holding the lock");
                        }
                        if guard.2 || guard.0 >= inputs.len() {
                            break;
                        }
                        guard.0 += 1;
                        guard.0 - 1
                    };
                    let result = work(&mut state, index, &inputs[index]);
                    if sender.send((index, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        let mut outcome = Ok(());
        for (index, result) in &receiver {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&next) {
                if let Err(e) = sink(next, result) {
                    outcome = Err(e);
                    break;
                }
                next += 1;
            }
            let mut guard = shared.lock().expect("no worker panics holding the lock");
            guard.1 = next;
            guard.2 |= outcome.is_err();
            turn.notify_all();
            drop(guard);
            if outcome.is_err() {
                break;
            }
        }
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_come_in_input_order_whatever_order_they_finish_in() {
        let inputs: Vec<u64> = (0..200).collect();
        // later inputs finish sooner
        let out = map_ordered(&inputs, 8, |&n| {
            std::thread::sleep(std::time::Duration::from_micros(200 - n));
            n * 3
        });
        assert_eq!(out, inputs.iter().map(|n| n * 3).collect::<Vec<_>>());
        assert!(map_ordered(&[] as &[u8], 4, |&n| n).is_empty());
    }

    #[test]
    fn workers_run_no_further_ahead_than_the_window() {
        let inputs: Vec<usize> = (0..100).collect();
        let started = AtomicUsize::new(0);
        let mut most_ahead = 0;
        let done: Result<(), ()> = for_each_in_order(
            &inputs,
            3,
            || (),
            |_, _, &n| {
                started.fetch_add(1, Ordering::SeqCst);
                // the first input is slow: the others must wait for it
                if n == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                n
            },
            |index, n| {
                assert_eq!(index, n);
                most_ahead = most_ahead.max(started.load(Ordering::SeqCst) - index);
                Ok(())
            },
        );
        done.unwrap();
        assert!(most_ahead <= 3 * AHEAD_PER_JOB + 1, "{most_ahead}");
    }

    #[test]
    fn a_stage_works_beside_its_caller_and_returns_early_results_not_taken_then_its_last() {
        // sums runs of three inputs, handing each run's sum back early
        let stage = Stage::spawn(2, |inputs: mpsc::Receiver<u32>, give: mpsc::Sender<u32>| {
            let (mut sum, mut count) = (0, 0);
            for n in inputs {
                sum += n;
                count += 1;
                if count % 3 == 0 {
                    give.send(sum).unwrap();
                    sum = 0;
                }
            }
            sum
        });
        for n in 1..=3 {
            stage.send(n);
        }
        // the first run's sum comes back while the caller still sends
        let early = loop {
            if let Some(sum) = stage.ready() {
                break sum;
            }
            std::thread::yield_now();
        };
        assert_eq!(early, 6);
        for n in 4..=8 {
            stage.send(n);
        }
        assert_eq!(stage.finish(), (vec![15], 15));
    }

    #[test]
    fn an_error_of_the_sink_stops_the_workers_and_is_returned() {
        let inputs: Vec<usize> = (0..10_000).collect();
        let started = AtomicUsize::new(0);
        let done = for_each_in_order(
            &inputs,
            4,
            || 0usize,
            |count, _, &n| {
                *count += 1;
                started.fetch_add(1, Ordering::SeqCst);
                n
            },
            |index, _| if index == 10 { Err(index) } else { Ok(()) },
        );
        assert_eq!(done, Err(10));
        assert!(started.load(Ordering::SeqCst) < 100);
    }
}
