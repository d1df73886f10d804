// How many test classes run at once. xunit's default is one per core (2 here), but most tests spend their time
// waiting on Azurite, hosted workers, polls and child processes rather than on the CPU, so two at a time left the
// machine idle for most of the run. Four at a time keeps it busy; every wait in the tests is a bounded poll on a
// condition (never a timing assertion), so more tests at once makes none of them wrong, only slower each.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
