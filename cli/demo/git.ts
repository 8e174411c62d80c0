// git over HTTP against the simulator with a person's token: the same helper the app pushes its tags with
// (app/plan/git-https.ts), so the token never appears in a URL, a remote or anything the demo prints.
export { cloneWithToken as clone, gitWithToken as gitAs, type GitIdentity } from '../../app/plan/git-https.js';
