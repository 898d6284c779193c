export { Config, envKeys, loadConfig, type ConfigInput } from './config';
