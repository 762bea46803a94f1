/** The demo's users (DESIGN.md section 4). Seeded by the demo only, never by the library. */
export const DEMO_USERS = [
  { username: 'alice', password: 'alice-demo-password', email: 'alice@example.com', groups: ['staff', 'editor'], attributes: { department: 'research' } },
  { username: 'bob', password: 'bob-demo-password', phoneNumber: '+15550100002', groups: ['staff'], attributes: { department: 'research' } },
  { username: 'carol', password: 'carol-demo-password', email: 'carol@example.com', groups: ['staff'], attributes: { department: 'sales' } },
  { username: 'admin', password: 'admin-demo-password', groups: ['admin'], attributes: { department: 'it' } },
] as const;
