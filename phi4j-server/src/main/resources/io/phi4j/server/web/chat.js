// The phi4j chat page: talks to this server's OpenAI-compatible API (/v1/models, /v1/chat/completions) and
// streams replies with fetch + ReadableStream (Server-Sent Events). Plain JavaScript, no build step, nothing
// loaded from elsewhere. Text from the model or the user only ever reaches the page as textContent.
'use strict';

const KEY_STORAGE = 'phi4j.apiKey';
const $ = (id) => document.getElementById(id);

const state = {
  messages: [],          // the conversation sent with every request: {role, content}
  modelId: null,         // from GET /v1/models
  controller: null,      // AbortController of the reply being streamed
  apiKey: readStoredKey(),
};

function readStoredKey() {
  try {
    return localStorage.getItem(KEY_STORAGE) || '';
  } catch (e) {
    return ''; // storage can be disabled; the key then lasts as long as the page
  }
}

function storeKey(key) {
  try {
    localStorage.setItem(KEY_STORAGE, key);
  } catch (e) {
    // see readStoredKey
  }
}

/** The page's state, also a hook for tests: connecting, key, idle, generating, offline. */
function setPhase(phase) {
  document.body.dataset.state = phase;
  const busy = phase === 'generating';
  $('send').disabled = phase !== 'idle';
  $('stop').disabled = !busy;
  $('input').disabled = phase === 'key' || phase === 'connecting' || phase === 'offline';
  $('key-form').hidden = phase !== 'key';
}

function headers(json) {
  const h = {};
  if (json) h['Content-Type'] = 'application/json';
  if (state.apiKey) h['Authorization'] = 'Bearer ' + state.apiKey;
  return h;
}

/** The message of OpenAI's error object ({"error": {"message": …}}), or what the response was. */
async function errorMessage(response) {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text);
    if (body && body.error && body.error.message) return body.error.message;
  } catch (e) {
    // not JSON: fall through
  }
  return 'HTTP ' + response.status + (response.statusText ? ' ' + response.statusText : '')
      + (text ? ': ' + text.slice(0, 300) : '');
}

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = !message;
}

function askForKey(problem) {
  $('key-error').textContent = problem || '';
  $('key-error').hidden = !problem;
  $('model').textContent = 'API key needed';
  setPhase('key');
  $('api-key').focus();
}

/** Finds the model id; a 401 means the server has an API key, so the page asks for it. */
async function connect() {
  setPhase('connecting');
  let response;
  try {
    response = await fetch('v1/models', { headers: headers(false) });
  } catch (e) {
    $('model').textContent = 'offline';
    showError('cannot reach the server: ' + e.message);
    setPhase('offline');
    return;
  }
  if (response.status === 401) {
    askForKey(state.apiKey ? await errorMessage(response) : '');
    return;
  }
  if (!response.ok) {
    $('model').textContent = 'unavailable';
    showError(await errorMessage(response));
    setPhase('offline');
    return;
  }
  const list = await response.json();
  state.modelId = list.data && list.data.length ? list.data[0].id : null;
  $('model').textContent = state.modelId || '(no model)';
  showError('');
  setPhase('idle');
  $('input').focus();
}

function addBubble(role, text) {
  const div = document.createElement('div');
  div.className = 'message ' + role;
  div.dataset.role = role;
  const body = document.createElement('span');
  body.className = 'text';
  body.textContent = text;
  div.appendChild(body);
  $('messages').appendChild(div);
  div.scrollIntoView({ block: 'end' });
  return div;
}

function note(bubble, text) {
  const n = document.createElement('span');
  n.className = 'note';
  n.textContent = text;
  bubble.appendChild(n);
}

/** Yields the data of each Server-Sent Event in the body (comments such as keep-alives are skipped). */
async function* serverSentEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).replace(/^ /, '')).join('\n');
        if (data) yield data;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

function requestBody() {
  const messages = [];
  const system = $('system').value.trim();
  if (system) messages.push({ role: 'system', content: system });
  messages.push(...state.messages);
  const body = { model: state.modelId, messages, stream: true, stream_options: { include_usage: true } };
  const t = parseFloat($('temperature').value);
  if (!Number.isNaN(t)) body.temperature = t;
  const n = parseInt($('max-tokens').value, 10);
  if (!Number.isNaN(n)) body.max_tokens = n;
  return body;
}

async function send(text) {
  showError('');
  state.messages.push({ role: 'user', content: text });
  const userBubble = addBubble('user', text);
  const bubble = addBubble('assistant', '');
  bubble.classList.add('streaming');
  const textNode = bubble.querySelector('.text');
  const controller = new AbortController();
  state.controller = controller;
  setPhase('generating');
  $('status').textContent = 'generating…';

  let reply = '';
  let finish = null;
  let usage = null;
  let failure = null;
  let unauthorized = false;
  try {
    const response = await fetch('v1/chat/completions', {
      method: 'POST', headers: headers(true), body: JSON.stringify(requestBody()), signal: controller.signal,
    });
    if (!response.ok) {
      failure = await errorMessage(response);
      unauthorized = response.status === 401;
    } else {
      for await (const data of serverSentEvents(response.body)) {
        if (data === '[DONE]') break;
        const chunk = JSON.parse(data);
        if (chunk.error) { // an error after the stream started (e.g. the server shutting down)
          failure = chunk.error.message || 'the server reported an error';
          break;
        }
        if (chunk.usage) usage = chunk.usage;
        for (const choice of chunk.choices || []) {
          if (choice.delta && choice.delta.content) {
            reply += choice.delta.content;
            textNode.textContent = reply;
            bubble.scrollIntoView({ block: 'end' });
          }
          if (choice.finish_reason) finish = choice.finish_reason;
        }
      }
    }
  } catch (e) {
    if (e.name === 'AbortError') {
      finish = 'stopped'; // closing the connection makes the server cancel the generation
    } else {
      failure = 'the connection failed: ' + e.message;
    }
  }
  state.controller = null;
  bubble.classList.remove('streaming');

  if (failure && !reply) {
    // Nothing was answered: take the message back so that it can be edited and sent again.
    state.messages.pop();
    userBubble.remove();
    bubble.remove();
    $('input').value = text;
    showError(failure);
    $('status').textContent = '';
    if (unauthorized) {
      askForKey(failure);
      return;
    }
  } else {
    state.messages.push({ role: 'assistant', content: reply });
    bubble.dataset.finish = failure ? 'error' : (finish || 'stop');
    if (failure) showError(failure);
    if (finish === 'stopped') note(bubble, 'stopped');
    else if (finish === 'length') note(bubble, 'cut short: max tokens reached');
    $('status').textContent = usage
        ? usage.prompt_tokens + ' prompt + ' + usage.completion_tokens + ' completion tokens'
          + (finish ? ' · ' + finish : '')
        : (finish || '');
  }
  setPhase('idle');
  $('input').focus();
}

function stop() {
  if (state.controller) state.controller.abort();
}

function newChat() {
  stop();
  state.messages = [];
  $('messages').replaceChildren();
  $('status').textContent = '';
  showError('');
}

document.addEventListener('DOMContentLoaded', () => {
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('input').value;
    if (!text.trim() || document.body.dataset.state !== 'idle') return;
    $('input').value = '';
    send(text);
  });
  $('input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $('composer').requestSubmit();
    }
  });
  $('stop').addEventListener('click', stop);
  $('new-chat').addEventListener('click', newChat);
  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    state.apiKey = $('api-key').value.trim();
    storeKey(state.apiKey);
    $('api-key').value = '';
    connect();
  });
  connect();
});
