import { Validations } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  /** Subscribed by e-mail; the owner confirms the subscription once. */
  readonly email: string;
}

/** Where every image-trust alarm (and its recovery) is sent. Publishing requires TLS. */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'image-trust alarms', enforceSSL: true });
    const subscription = this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    Validations.of(subscription).acknowledge({
      id: 'Serverless-SNSRedrivePolicy',
      reason:
        'The e-mail subscription of the alarm topic: SNS retries delivery itself, and a dead-letter queue for alarm mail would need an alarm that mails through this same topic.',
    });
  }
}
