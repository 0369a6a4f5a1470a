import * as path from 'node:path';
import type { Duration } from 'aws-cdk-lib';
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  NODE_OPTIONS,
  POWERTOOLS_METRICS_NAMESPACE,
  POWERTOOLS_SERVICE_NAME,
  RUNTIME_CONFIG,
} from '../../functions/runtime/environment-names';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../functions/runtime/metric-names';
import { suppressGuardRule } from '../guard/guard-suppression';
import type { FunctionNetwork } from '../network/function-network';

/** The repository root: functions/, package-lock.json. */
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/**
 * ESM output (middy 7 is ESM only) with a `require` for the CommonJS dependencies esbuild bundles in.
 * The alias keeps the banner's import from clashing with a bundled `createRequire`.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __imageTrustCreateRequire } from 'node:module'; const require = __imageTrustCreateRequire(import.meta.url);";

export interface ImageTrustFunctionProps {
  /** The folder under functions/ whose handler.ts exports `handler`, e.g. `signer`. */
  readonly entry: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** The IMAGE_TRUST_CONFIG value, validated at synth. */
  readonly runtimeConfig: string;
  readonly logRetention: logs.RetentionDays;
  readonly reservedConcurrentExecutions?: number;
  /** Where failed asynchronous invocations go (only for functions invoked asynchronously). */
  readonly deadLetterQueue?: sqs.IQueue;
  /** The private subnets to run in (`network.vpc`); without it the function runs outside any VPC. */
  readonly network?: FunctionNetwork;
  /** A fixed name for the role, for a policy elsewhere that must name it (the signing key's). */
  readonly roleName?: string;
}

/** What Lambda needs to attach a function to a VPC (AWSLambdaVPCAccessExecutionRole's actions). */
const VPC_ACCESS_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

/**
 * One image-trust Lambda function: Node.js 22 on ARM64, bundled by the local esbuild (minified, source
 * maps, ESM, every dependency bundled so each function carries only the SDK clients it imports), JSON
 * logs into its own log group with a retention, active tracing, and a role of its own that starts with
 * nothing but writing that log group. Permissions are added by the `grantX`/`bindX` methods of the
 * constructs that own the resources, which set the matching environment variable at the same time.
 */
export class ImageTrustFunction extends Construct {
  /** The folder under functions/ whose handler this function runs. */
  readonly entry: string;
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ImageTrustFunctionProps) {
    super(scope, id);
    this.entry = props.entry;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `image-trust ${id} function (functions/${props.entry})`,
      roleName: props.roleName,
    });
    const network = props.network;
    if (network) {
      this.role.addToPolicy(new iam.PolicyStatement({ actions: VPC_ACCESS_ACTIONS, resources: ['*'] }));
    }
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, 'functions', props.entry, 'handler.ts'),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      deadLetterQueue: props.deadLetterQueue,
      vpc: network?.vpc,
      vpcSubnets: network ? { subnets: [...network.subnets] } : undefined,
      securityGroups: network ? [network.securityGroup] : undefined,
      environment: {
        [RUNTIME_CONFIG]: props.runtimeConfig,
        [POWERTOOLS_SERVICE_NAME]: SERVICE_NAME,
        [POWERTOOLS_METRICS_NAMESPACE]: METRICS_NAMESPACE,
        [NODE_OPTIONS]: '--enable-source-maps',
      },
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        target: 'node24',
        externalModules: [],
      },
    });
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, and a function in a VPC needs ec2:Describe* and network interface actions (AWSLambdaVPCAccessExecutionRole): none has resource-level permissions.',
      },
      ...['AwsSolutions-L1', 'Serverless-LambdaLatestVersion'].map((ruleId) => ({
        id: ruleId,
        reason:
          'Pinned to nodejs24.x, the Node major the test suite runs on (package.json devDependency node@24); move to the next major together with the tests.',
      })),
    );
    if (!network) {
      suppressGuardRule(this.function, {
        control: 'CT.LAMBDA.PR.3',
        rule: 'lambda_inside_vpc_check',
        reason:
          'No network.vpc in the configuration: the function runs in the Lambda service network and reaches only AWS APIs (IAM-authorised, TLS). Set network.vpc to run it in private subnets.',
      });
    }
  }

  /** Adds a statement to this function's own role. */
  addToRolePolicy(statement: iam.PolicyStatement): void {
    this.function.addToRolePolicy(statement);
  }

  addEnvironment(name: string, value: string): void {
    this.function.addEnvironment(name, value);
  }
}
