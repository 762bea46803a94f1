/** The demo's users (DESIGN.md section 4). Seeded by the demo only, never by the library. */
export const DEMO_USERS = [
  { username: 'alice', password: 'alice-demo-password', email: 'alice@example.com', groups: ['staff', 'editor'], attributes: { department: 'engineering' } },
  { username: 'bob', password: 'bob-demo-password', email: 'bob@example.com', groups: ['staff'], attributes: { department: 'sales' } },
  { username: 'admin', password: 'admin-demo-password', email: 'admin@example.com', groups: ['admin'], attributes: { department: 'it' } },
] as const;
