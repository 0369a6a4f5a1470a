export { freePort } from '../../bin/local/services/free-port';
