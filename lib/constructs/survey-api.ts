import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName, RouteSpec } from '../../functions/wiring';
import type { LifelineFunction } from './base-function';

export interface SurveyApiProps {
  /** Steady-state requests per second across the stage. @default 50 */
  readonly rateLimit?: number;
  /** Burst of requests across the stage. @default 100 */
  readonly burstLimit?: number;
}

/**
 * Access log fields. The route key (`GET /s/{token}`) is logged instead of the path, because the
 * path of a survey link holds the customer's signed token.
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/**
 * The HTTP API: public survey routes, and admin routes whose function verifies a Cognito JWT of the
 * admin pool itself (so a refusal is the contract's 401 error body; API Gateway's JWT authorizer
 * answers its own `{"message":"Unauthorized"}`, and HTTP APIs cannot change it). The API and its
 * identity provider exist before the functions (which need the API's URL for survey links);
 * `addRoutes` then connects the wiring table's routes to them.
 */
export class SurveyApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly userPool: cognito.UserPool;
  readonly adminClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: SurveyApiProps = {}) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'AdminUsers', {
      // Admins are invited by an administrator; nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Admins can read every customer's answers and erase customers: a second factor is required.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Threat protection (compromised credentials, risky sign-ins) needs the Plus plan; the admin
      // pool has a handful of users, so the per-user price is small.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.adminClient = this.userPool.addClient('AdminConsole', {
      // A browser console cannot keep a secret.
      generateSecret: false,
      // Password auth lets an admin get a token from the AWS CLI (README); MFA (TOTP) is still required.
      authFlows: { userSrp: true, userPassword: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Lifeline survey and admin API',
      // The stage is created below so it can carry access logging and throttling.
      createDefaultStage: false,
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
  }

  /** The API's base URL (the `$default` stage), without a trailing slash. */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }

  /**
   * Creates one API route per deployable route of the wiring table. `localOnly` routes (the dev
   * outbox) exist in the local runtime only and are never deployed.
   */
  addRoutes(routes: readonly RouteSpec[], functions: Record<FunctionName, LifelineFunction>): void {
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationFor = (name: FunctionName): HttpLambdaIntegration => {
      let integration = integrations.get(name);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${name}Integration`, functions[name].function);
        integrations.set(name, integration);
      }
      return integration;
    };

    for (const route of routes) {
      if (route.localOnly) continue;
      const [httpRoute] = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: integrationFor(route.fn),
      });
      if (route.auth === 'admin' && httpRoute) {
        // The function checks the JWT before anything else (aws-jwt-verify: the pool's JWKS, issuer,
        // app client, expiry); it needs to know which pool and client to trust.
        functions[route.fn].addEnvironment('ADMIN_USER_POOL_ID', this.userPool.userPoolId);
        functions[route.fn].addEnvironment('ADMIN_USER_POOL_CLIENT_ID', this.adminClient.userPoolClientId);
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is an admin route: its function verifies a Cognito JWT of the admin pool (signature against the pool's JWKS, issuer, app client, expiry) before anything else, so that a refusal carries the contract's 401 error body, which an HTTP API JWT authorizer cannot give.`,
        });
      }
      if (route.auth === 'public' && httpRoute) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by design: customers answer surveys without an account. Survey routes are authorized by the HMAC-signed, expiring survey token in the request; /healthz reveals nothing; /care and /dashboard are static page shells without data whose scripts call the admin routes (which verify the admin JWT) themselves.`,
        });
      }
    }

    // Unknown routes reach the public function, which answers the contract's 404 error body
    // (API Gateway's own 404 body is `{"message":"Not Found"}`).
    const fallback = new apigw.HttpRoute(this, 'FallbackRoute', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: integrationFor('surveyApi'),
    });
    Validations.of(fallback).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'The $default route only answers 404 with the contract error body; it serves no data.',
    });
  }
}
