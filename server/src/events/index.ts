export { EventBus, type FleetEvent } from './event-bus.js';
