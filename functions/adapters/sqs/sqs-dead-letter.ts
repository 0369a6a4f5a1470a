import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetter } from '../../core/ports/dead-letter';

/** Parks a message on the function's dead-letter queue, its reason in the message attributes. */
export class SqsDeadLetter implements DeadLetter {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async park(body: string, reason: string, attributes: Readonly<Record<string, string>> = {}): Promise<void> {
    const all: Record<string, string> = { ...attributes, reason: reason.slice(0, 1024) };
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: body,
        MessageAttributes: Object.fromEntries(
          Object.entries(all).map(([k, v]) => [k, { DataType: 'String', StringValue: v || '-' }]),
        ),
      }),
    );
  }
}
