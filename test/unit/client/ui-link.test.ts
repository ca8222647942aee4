import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workflowUiLink } from '../../../client/ui-link';

test('a workflow link uses TEMPORAL_UI_URL and the namespace, with the id encoded', () => {
  assert.equal(
    workflowUiLink('onboarding:nabc', {
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_UI_URL: 'https://ui.example/',
      TEMPORAL_NAMESPACE: 'prod',
    }),
    'https://ui.example/namespaces/prod/workflows/onboarding%3Anabc',
  );
});

test("without TEMPORAL_ADDRESS the link points at the local stack's UI port", () => {
  assert.equal(workflowUiLink('call:1', {}), 'http://127.0.0.1:8233/namespaces/default/workflows/call%3A1');
  assert.equal(
    workflowUiLink('call:1', { RINGFLOW_TEMPORAL_UI_PORT: '9000' }),
    'http://127.0.0.1:9000/namespaces/default/workflows/call%3A1',
  );
});

test('an external server without TEMPORAL_UI_URL gets no link (its UI address is unknown)', () => {
  assert.equal(workflowUiLink('call:1', { TEMPORAL_ADDRESS: 'temporal:7233' }), undefined);
});
