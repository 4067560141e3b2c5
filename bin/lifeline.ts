#!/usr/bin/env node
/**
 * CDK entry point (`cdk synth`, `cdk deploy`). Context: `stackName`, `publicUrl`, `cooldownDays`,
 * `sesFromAddress`, `smsOriginationIdentity`.
 */
import { createApp } from '../lib/app';

const { app } = createApp();
app.synth();
