/** The threads build: every kernel of index.ts, and data-parallel training (team.ts). */
export * from './index';
export { train_epochs_team, predict_team, team_bytes } from './team';
