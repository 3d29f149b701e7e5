// libtorch's random generator is process-wide: tests that seed it and train (dropout draws) must not run at the
// same time, or a run stopped and resumed stops matching an uninterrupted one. Run this assembly's tests in turn.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
