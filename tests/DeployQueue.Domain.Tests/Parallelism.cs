// Each fixture builds its own harness and fakes, and most of a harness test's time is spent waiting on timers: fixtures run
// side by side, a fixture's tests one at a time (they share its fields).
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]
