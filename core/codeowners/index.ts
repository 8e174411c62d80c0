export * from './parse.js';
export * from './locate.js';
export { compilePattern, patternProblem } from './pattern.js';
