/** The RabbitMQ release lines rmq-plan plans for; src/model/broker-version.ts says what each changes. */

/** 3.10 (the oldest the project has tested) to 4.3 (the newest, the one CI runs: scripts/broker, RMQ_TEST_BROKER=4.3). */
export const SUPPORTED_RABBITMQ_VERSIONS = ['3.10', '3.11', '3.12', '3.13', '4.0', '4.1', '4.2', '4.3'] as const;
export type RabbitmqVersion = (typeof SUPPORTED_RABBITMQ_VERSIONS)[number];
/** The default: the current release line. */
export const DEFAULT_RABBITMQ_VERSION: RabbitmqVersion = '4.3';
