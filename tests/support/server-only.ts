// Stand-in for the `server-only` marker package in tests. The real package throws when
// imported outside Next's react-server condition, which is every Vitest worker.
export {};
