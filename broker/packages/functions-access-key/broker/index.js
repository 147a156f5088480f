// functions-access-key broker: built by `npm run build` from src/broker/ (see broker/README.md). Do not edit.
"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __commonJS = (cb, mod) => function __require() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// node_modules/tunnel/lib/tunnel.js
var require_tunnel = __commonJS({
  "node_modules/tunnel/lib/tunnel.js"(exports2) {
    "use strict";
    var net = require("net");
    var tls = require("tls");
    var http2 = require("http");
    var https2 = require("https");
    var events = require("events");
    var assert = require("assert");
    var util = require("util");
    exports2.httpOverHttp = httpOverHttp2;
    exports2.httpsOverHttp = httpsOverHttp2;
    exports2.httpOverHttps = httpOverHttps2;
    exports2.httpsOverHttps = httpsOverHttps2;
    function httpOverHttp2(options) {
      var agent = new TunnelingAgent(options);
      agent.request = http2.request;
      return agent;
    }
    function httpsOverHttp2(options) {
      var agent = new TunnelingAgent(options);
      agent.request = http2.request;
      agent.createSocket = createSecureSocket;
      agent.defaultPort = 443;
      return agent;
    }
    function httpOverHttps2(options) {
      var agent = new TunnelingAgent(options);
      agent.request = https2.request;
      return agent;
    }
    function httpsOverHttps2(options) {
      var agent = new TunnelingAgent(options);
      agent.request = https2.request;
      agent.createSocket = createSecureSocket;
      agent.defaultPort = 443;
      return agent;
    }
    function TunnelingAgent(options) {
      var self = this;
      self.options = options || {};
      self.proxyOptions = self.options.proxy || {};
      self.maxSockets = self.options.maxSockets || http2.Agent.defaultMaxSockets;
      self.requests = [];
      self.sockets = [];
      self.on("free", function onFree(socket, host, port, localAddress) {
        var options2 = toOptions(host, port, localAddress);
        for (var i = 0, len = self.requests.length; i < len; ++i) {
          var pending = self.requests[i];
          if (pending.host === options2.host && pending.port === options2.port) {
            self.requests.splice(i, 1);
            pending.request.onSocket(socket);
            return;
          }
        }
        socket.destroy();
        self.removeSocket(socket);
      });
    }
    util.inherits(TunnelingAgent, events.EventEmitter);
    TunnelingAgent.prototype.addRequest = function addRequest(req, host, port, localAddress) {
      var self = this;
      var options = mergeOptions({ request: req }, self.options, toOptions(host, port, localAddress));
      if (self.sockets.length >= this.maxSockets) {
        self.requests.push(options);
        return;
      }
      self.createSocket(options, function(socket) {
        socket.on("free", onFree);
        socket.on("close", onCloseOrRemove);
        socket.on("agentRemove", onCloseOrRemove);
        req.onSocket(socket);
        function onFree() {
          self.emit("free", socket, options);
        }
        function onCloseOrRemove(err) {
          self.removeSocket(socket);
          socket.removeListener("free", onFree);
          socket.removeListener("close", onCloseOrRemove);
          socket.removeListener("agentRemove", onCloseOrRemove);
        }
      });
    };
    TunnelingAgent.prototype.createSocket = function createSocket(options, cb) {
      var self = this;
      var placeholder = {};
      self.sockets.push(placeholder);
      var connectOptions = mergeOptions({}, self.proxyOptions, {
        method: "CONNECT",
        path: options.host + ":" + options.port,
        agent: false,
        headers: {
          host: options.host + ":" + options.port
        }
      });
      if (options.localAddress) {
        connectOptions.localAddress = options.localAddress;
      }
      if (connectOptions.proxyAuth) {
        connectOptions.headers = connectOptions.headers || {};
        connectOptions.headers["Proxy-Authorization"] = "Basic " + new Buffer(connectOptions.proxyAuth).toString("base64");
      }
      debug("making CONNECT request");
      var connectReq = self.request(connectOptions);
      connectReq.useChunkedEncodingByDefault = false;
      connectReq.once("response", onResponse);
      connectReq.once("upgrade", onUpgrade);
      connectReq.once("connect", onConnect);
      connectReq.once("error", onError);
      connectReq.end();
      function onResponse(res) {
        res.upgrade = true;
      }
      function onUpgrade(res, socket, head) {
        process.nextTick(function() {
          onConnect(res, socket, head);
        });
      }
      function onConnect(res, socket, head) {
        connectReq.removeAllListeners();
        socket.removeAllListeners();
        if (res.statusCode !== 200) {
          debug(
            "tunneling socket could not be established, statusCode=%d",
            res.statusCode
          );
          socket.destroy();
          var error = new Error("tunneling socket could not be established, statusCode=" + res.statusCode);
          error.code = "ECONNRESET";
          options.request.emit("error", error);
          self.removeSocket(placeholder);
          return;
        }
        if (head.length > 0) {
          debug("got illegal response body from proxy");
          socket.destroy();
          var error = new Error("got illegal response body from proxy");
          error.code = "ECONNRESET";
          options.request.emit("error", error);
          self.removeSocket(placeholder);
          return;
        }
        debug("tunneling connection has established");
        self.sockets[self.sockets.indexOf(placeholder)] = socket;
        return cb(socket);
      }
      function onError(cause) {
        connectReq.removeAllListeners();
        debug(
          "tunneling socket could not be established, cause=%s\n",
          cause.message,
          cause.stack
        );
        var error = new Error("tunneling socket could not be established, cause=" + cause.message);
        error.code = "ECONNRESET";
        options.request.emit("error", error);
        self.removeSocket(placeholder);
      }
    };
    TunnelingAgent.prototype.removeSocket = function removeSocket(socket) {
      var pos = this.sockets.indexOf(socket);
      if (pos === -1) {
        return;
      }
      this.sockets.splice(pos, 1);
      var pending = this.requests.shift();
      if (pending) {
        this.createSocket(pending, function(socket2) {
          pending.request.onSocket(socket2);
        });
      }
    };
    function createSecureSocket(options, cb) {
      var self = this;
      TunnelingAgent.prototype.createSocket.call(self, options, function(socket) {
        var hostHeader = options.request.getHeader("host");
        var tlsOptions = mergeOptions({}, self.options, {
          socket,
          servername: hostHeader ? hostHeader.replace(/:.*$/, "") : options.host
        });
        var secureSocket = tls.connect(0, tlsOptions);
        self.sockets[self.sockets.indexOf(socket)] = secureSocket;
        cb(secureSocket);
      });
    }
    function toOptions(host, port, localAddress) {
      if (typeof host === "string") {
        return {
          host,
          port,
          localAddress
        };
      }
      return host;
    }
    function mergeOptions(target) {
      for (var i = 1, len = arguments.length; i < len; ++i) {
        var overrides = arguments[i];
        if (typeof overrides === "object") {
          var keys = Object.keys(overrides);
          for (var j = 0, keyLen = keys.length; j < keyLen; ++j) {
            var k = keys[j];
            if (overrides[k] !== void 0) {
              target[k] = overrides[k];
            }
          }
        }
      }
      return target;
    }
    var debug;
    if (process.env.NODE_DEBUG && /\btunnel\b/.test(process.env.NODE_DEBUG)) {
      debug = function() {
        var args = Array.prototype.slice.call(arguments);
        if (typeof args[0] === "string") {
          args[0] = "TUNNEL: " + args[0];
        } else {
          args.unshift("TUNNEL:");
        }
        console.error.apply(console, args);
      };
    } else {
      debug = function() {
      };
    }
    exports2.debug = debug;
  }
});

// node_modules/tunnel/index.js
var require_tunnel2 = __commonJS({
  "node_modules/tunnel/index.js"(exports2, module2) {
    module2.exports = require_tunnel();
  }
});

// src/broker/main.ts
var main_exports = {};
__export(main_exports, {
  main: () => main
});
module.exports = __toCommonJS(main_exports);

// src/api/clock.ts
var import_promises = require("node:timers/promises");
var systemClock = {
  now: () => Date.now(),
  sleep: (ms) => (0, import_promises.setTimeout)(ms),
  random: () => Math.random()
};

// src/broker/broker.ts
var import_node_crypto2 = require("node:crypto");

// src/api/retry.ts
var DEFAULT_RETRY = { maxAttempts: 6, baseMs: 500, capMs: 8e3, budgetMs: 6e4, attemptMs: 2e4 };
function isAmbiguous(failure) {
  return failure.kind === "network" || failure.kind === "status" && failure.status >= 500;
}
function isRateLimited(failure) {
  if (failure.kind !== "status") return false;
  if (failure.status === 429) return true;
  return failure.status === 403 && (failure.headers["retry-after"] !== void 0 || failure.headers["x-ratelimit-remaining"] === "0");
}
function isRetryable(failure) {
  return isAmbiguous(failure) || isRateLimited(failure);
}
function retryDelay(failure, attempt, now, random, policy) {
  if (isRateLimited(failure) && failure.kind === "status") {
    const { headers } = failure;
    const retryAfter = secondsHeader(headers["retry-after"]);
    if (retryAfter !== void 0) return retryAfter * 1e3 + Math.round(random * 250);
    for (const prefix of ["", "x-"]) {
      const reset = secondsHeader(headers[`${prefix}ratelimit-reset`]);
      if (headers[`${prefix}ratelimit-remaining`] === "0" && reset !== void 0 && reset * 1e3 > now) {
        return reset * 1e3 - now + Math.round(random * 250);
      }
    }
  }
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random * step / 2);
}
function secondsHeader(value) {
  if (typeof value !== "string" || !/^\d+$/.test(value.trim())) return void 0;
  return Number(value);
}

// node_modules/@actions/http-client/lib/index.js
var http = __toESM(require("http"), 1);
var https = __toESM(require("https"), 1);

// node_modules/@actions/http-client/lib/proxy.js
function getProxyUrl(reqUrl) {
  const usingSsl = reqUrl.protocol === "https:";
  if (checkBypass(reqUrl)) {
    return void 0;
  }
  const proxyVar = (() => {
    if (usingSsl) {
      return process.env["https_proxy"] || process.env["HTTPS_PROXY"];
    } else {
      return process.env["http_proxy"] || process.env["HTTP_PROXY"];
    }
  })();
  if (proxyVar) {
    try {
      return new DecodedURL(proxyVar);
    } catch (_a) {
      if (!proxyVar.startsWith("http://") && !proxyVar.startsWith("https://"))
        return new DecodedURL(`http://${proxyVar}`);
    }
  } else {
    return void 0;
  }
}
function checkBypass(reqUrl) {
  if (!reqUrl.hostname) {
    return false;
  }
  const reqHost = reqUrl.hostname;
  if (isLoopbackAddress(reqHost)) {
    return true;
  }
  const noProxy = process.env["no_proxy"] || process.env["NO_PROXY"] || "";
  if (!noProxy) {
    return false;
  }
  let reqPort;
  if (reqUrl.port) {
    reqPort = Number(reqUrl.port);
  } else if (reqUrl.protocol === "http:") {
    reqPort = 80;
  } else if (reqUrl.protocol === "https:") {
    reqPort = 443;
  }
  const upperReqHosts = [reqUrl.hostname.toUpperCase()];
  if (typeof reqPort === "number") {
    upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
  }
  for (const upperNoProxyItem of noProxy.split(",").map((x) => x.trim().toUpperCase()).filter((x) => x)) {
    if (upperNoProxyItem === "*" || upperReqHosts.some((x) => x === upperNoProxyItem || x.endsWith(`.${upperNoProxyItem}`) || upperNoProxyItem.startsWith(".") && x.endsWith(`${upperNoProxyItem}`))) {
      return true;
    }
  }
  return false;
}
function isLoopbackAddress(host) {
  const hostLower = host.toLowerCase();
  return hostLower === "localhost" || hostLower.startsWith("127.") || hostLower.startsWith("[::1]") || hostLower.startsWith("[0:0:0:0:0:0:0:1]");
}
var DecodedURL = class extends URL {
  constructor(url2, base) {
    super(url2, base);
    this._decodedUsername = decodeURIComponent(super.username);
    this._decodedPassword = decodeURIComponent(super.password);
  }
  get username() {
    return this._decodedUsername;
  }
  get password() {
    return this._decodedPassword;
  }
};

// node_modules/@actions/http-client/lib/index.js
var tunnel = __toESM(require_tunnel2(), 1);

// src/stubs/undici.ts
var NOT_BUNDLED = "undici is not bundled with functions-access-key";
var ProxyAgent = class {
  dispatch() {
    throw new Error(`${NOT_BUNDLED} (HttpClient.getAgentDispatcher is not supported)`);
  }
};

// node_modules/@actions/http-client/lib/index.js
var __awaiter = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve) {
      resolve(value);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var HttpCodes;
(function(HttpCodes2) {
  HttpCodes2[HttpCodes2["OK"] = 200] = "OK";
  HttpCodes2[HttpCodes2["MultipleChoices"] = 300] = "MultipleChoices";
  HttpCodes2[HttpCodes2["MovedPermanently"] = 301] = "MovedPermanently";
  HttpCodes2[HttpCodes2["ResourceMoved"] = 302] = "ResourceMoved";
  HttpCodes2[HttpCodes2["SeeOther"] = 303] = "SeeOther";
  HttpCodes2[HttpCodes2["NotModified"] = 304] = "NotModified";
  HttpCodes2[HttpCodes2["UseProxy"] = 305] = "UseProxy";
  HttpCodes2[HttpCodes2["SwitchProxy"] = 306] = "SwitchProxy";
  HttpCodes2[HttpCodes2["TemporaryRedirect"] = 307] = "TemporaryRedirect";
  HttpCodes2[HttpCodes2["PermanentRedirect"] = 308] = "PermanentRedirect";
  HttpCodes2[HttpCodes2["BadRequest"] = 400] = "BadRequest";
  HttpCodes2[HttpCodes2["Unauthorized"] = 401] = "Unauthorized";
  HttpCodes2[HttpCodes2["PaymentRequired"] = 402] = "PaymentRequired";
  HttpCodes2[HttpCodes2["Forbidden"] = 403] = "Forbidden";
  HttpCodes2[HttpCodes2["NotFound"] = 404] = "NotFound";
  HttpCodes2[HttpCodes2["MethodNotAllowed"] = 405] = "MethodNotAllowed";
  HttpCodes2[HttpCodes2["NotAcceptable"] = 406] = "NotAcceptable";
  HttpCodes2[HttpCodes2["ProxyAuthenticationRequired"] = 407] = "ProxyAuthenticationRequired";
  HttpCodes2[HttpCodes2["RequestTimeout"] = 408] = "RequestTimeout";
  HttpCodes2[HttpCodes2["Conflict"] = 409] = "Conflict";
  HttpCodes2[HttpCodes2["Gone"] = 410] = "Gone";
  HttpCodes2[HttpCodes2["TooManyRequests"] = 429] = "TooManyRequests";
  HttpCodes2[HttpCodes2["InternalServerError"] = 500] = "InternalServerError";
  HttpCodes2[HttpCodes2["NotImplemented"] = 501] = "NotImplemented";
  HttpCodes2[HttpCodes2["BadGateway"] = 502] = "BadGateway";
  HttpCodes2[HttpCodes2["ServiceUnavailable"] = 503] = "ServiceUnavailable";
  HttpCodes2[HttpCodes2["GatewayTimeout"] = 504] = "GatewayTimeout";
})(HttpCodes || (HttpCodes = {}));
var Headers2;
(function(Headers3) {
  Headers3["Accept"] = "accept";
  Headers3["ContentType"] = "content-type";
})(Headers2 || (Headers2 = {}));
var MediaTypes;
(function(MediaTypes2) {
  MediaTypes2["ApplicationJson"] = "application/json";
})(MediaTypes || (MediaTypes = {}));
var HttpRedirectCodes = [
  HttpCodes.MovedPermanently,
  HttpCodes.ResourceMoved,
  HttpCodes.SeeOther,
  HttpCodes.TemporaryRedirect,
  HttpCodes.PermanentRedirect
];
var HttpResponseRetryCodes = [
  HttpCodes.BadGateway,
  HttpCodes.ServiceUnavailable,
  HttpCodes.GatewayTimeout
];
var RetryableHttpVerbs = ["OPTIONS", "GET", "DELETE", "HEAD"];
var ExponentialBackoffCeiling = 10;
var ExponentialBackoffTimeSlice = 5;
var HttpClientError = class _HttpClientError extends Error {
  constructor(message2, statusCode) {
    super(message2);
    this.name = "HttpClientError";
    this.statusCode = statusCode;
    Object.setPrototypeOf(this, _HttpClientError.prototype);
  }
};
var HttpClientResponse = class {
  constructor(message2) {
    this.message = message2;
  }
  readBody() {
    return __awaiter(this, void 0, void 0, function* () {
      return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
        let output = Buffer.alloc(0);
        this.message.on("data", (chunk) => {
          output = Buffer.concat([output, chunk]);
        });
        this.message.on("end", () => {
          resolve(output.toString());
        });
      }));
    });
  }
  readBodyBuffer() {
    return __awaiter(this, void 0, void 0, function* () {
      return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
        const chunks = [];
        this.message.on("data", (chunk) => {
          chunks.push(chunk);
        });
        this.message.on("end", () => {
          resolve(Buffer.concat(chunks));
        });
      }));
    });
  }
};
var HttpClient = class {
  constructor(userAgent, handlers, requestOptions) {
    this._ignoreSslError = false;
    this._allowRedirects = true;
    this._allowRedirectDowngrade = false;
    this._maxRedirects = 50;
    this._allowRetries = false;
    this._maxRetries = 1;
    this._keepAlive = false;
    this._disposed = false;
    this.userAgent = this._getUserAgentWithOrchestrationId(userAgent);
    this.handlers = handlers || [];
    this.requestOptions = requestOptions;
    if (requestOptions) {
      if (requestOptions.ignoreSslError != null) {
        this._ignoreSslError = requestOptions.ignoreSslError;
      }
      this._socketTimeout = requestOptions.socketTimeout;
      if (requestOptions.allowRedirects != null) {
        this._allowRedirects = requestOptions.allowRedirects;
      }
      if (requestOptions.allowRedirectDowngrade != null) {
        this._allowRedirectDowngrade = requestOptions.allowRedirectDowngrade;
      }
      if (requestOptions.maxRedirects != null) {
        this._maxRedirects = Math.max(requestOptions.maxRedirects, 0);
      }
      if (requestOptions.keepAlive != null) {
        this._keepAlive = requestOptions.keepAlive;
      }
      if (requestOptions.allowRetries != null) {
        this._allowRetries = requestOptions.allowRetries;
      }
      if (requestOptions.maxRetries != null) {
        this._maxRetries = requestOptions.maxRetries;
      }
    }
  }
  options(requestUrl, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("OPTIONS", requestUrl, null, additionalHeaders || {});
    });
  }
  get(requestUrl, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("GET", requestUrl, null, additionalHeaders || {});
    });
  }
  del(requestUrl, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("DELETE", requestUrl, null, additionalHeaders || {});
    });
  }
  post(requestUrl, data, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("POST", requestUrl, data, additionalHeaders || {});
    });
  }
  patch(requestUrl, data, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("PATCH", requestUrl, data, additionalHeaders || {});
    });
  }
  put(requestUrl, data, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("PUT", requestUrl, data, additionalHeaders || {});
    });
  }
  head(requestUrl, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("HEAD", requestUrl, null, additionalHeaders || {});
    });
  }
  sendStream(verb, requestUrl, stream, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request(verb, requestUrl, stream, additionalHeaders);
    });
  }
  /**
   * Gets a typed object from an endpoint
   * Be aware that not found returns a null.  Other errors (4xx, 5xx) reject the promise
   */
  getJson(requestUrl_1) {
    return __awaiter(this, arguments, void 0, function* (requestUrl, additionalHeaders = {}) {
      additionalHeaders[Headers2.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers2.Accept, MediaTypes.ApplicationJson);
      const res = yield this.get(requestUrl, additionalHeaders);
      return this._processResponse(res, this.requestOptions);
    });
  }
  postJson(requestUrl_1, obj_1) {
    return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
      const data = JSON.stringify(obj, null, 2);
      additionalHeaders[Headers2.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers2.Accept, MediaTypes.ApplicationJson);
      additionalHeaders[Headers2.ContentType] = this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
      const res = yield this.post(requestUrl, data, additionalHeaders);
      return this._processResponse(res, this.requestOptions);
    });
  }
  putJson(requestUrl_1, obj_1) {
    return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
      const data = JSON.stringify(obj, null, 2);
      additionalHeaders[Headers2.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers2.Accept, MediaTypes.ApplicationJson);
      additionalHeaders[Headers2.ContentType] = this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
      const res = yield this.put(requestUrl, data, additionalHeaders);
      return this._processResponse(res, this.requestOptions);
    });
  }
  patchJson(requestUrl_1, obj_1) {
    return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
      const data = JSON.stringify(obj, null, 2);
      additionalHeaders[Headers2.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers2.Accept, MediaTypes.ApplicationJson);
      additionalHeaders[Headers2.ContentType] = this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
      const res = yield this.patch(requestUrl, data, additionalHeaders);
      return this._processResponse(res, this.requestOptions);
    });
  }
  /**
   * Makes a raw http request.
   * All other methods such as get, post, patch, and request ultimately call this.
   * Prefer get, del, post and patch
   */
  request(verb, requestUrl, data, headers) {
    return __awaiter(this, void 0, void 0, function* () {
      if (this._disposed) {
        throw new Error("Client has already been disposed.");
      }
      const parsedUrl = new URL(requestUrl);
      let info = this._prepareRequest(verb, parsedUrl, headers);
      const maxTries = this._allowRetries && RetryableHttpVerbs.includes(verb) ? this._maxRetries + 1 : 1;
      let numTries = 0;
      let response;
      do {
        response = yield this.requestRaw(info, data);
        if (response && response.message && response.message.statusCode === HttpCodes.Unauthorized) {
          let authenticationHandler;
          for (const handler of this.handlers) {
            if (handler.canHandleAuthentication(response)) {
              authenticationHandler = handler;
              break;
            }
          }
          if (authenticationHandler) {
            return authenticationHandler.handleAuthentication(this, info, data);
          } else {
            return response;
          }
        }
        let redirectsRemaining = this._maxRedirects;
        while (response.message.statusCode && HttpRedirectCodes.includes(response.message.statusCode) && this._allowRedirects && redirectsRemaining > 0) {
          const redirectUrl = response.message.headers["location"];
          if (!redirectUrl) {
            break;
          }
          const parsedRedirectUrl = new URL(redirectUrl);
          if (parsedUrl.protocol === "https:" && parsedUrl.protocol !== parsedRedirectUrl.protocol && !this._allowRedirectDowngrade) {
            throw new Error("Redirect from HTTPS to HTTP protocol. This downgrade is not allowed for security reasons. If you want to allow this behavior, set the allowRedirectDowngrade option to true.");
          }
          yield response.readBody();
          if (parsedRedirectUrl.hostname !== parsedUrl.hostname) {
            for (const header in headers) {
              if (header.toLowerCase() === "authorization") {
                delete headers[header];
              }
            }
          }
          info = this._prepareRequest(verb, parsedRedirectUrl, headers);
          response = yield this.requestRaw(info, data);
          redirectsRemaining--;
        }
        if (!response.message.statusCode || !HttpResponseRetryCodes.includes(response.message.statusCode)) {
          return response;
        }
        numTries += 1;
        if (numTries < maxTries) {
          yield response.readBody();
          yield this._performExponentialBackoff(numTries);
        }
      } while (numTries < maxTries);
      return response;
    });
  }
  /**
   * Needs to be called if keepAlive is set to true in request options.
   */
  dispose() {
    if (this._agent) {
      this._agent.destroy();
    }
    this._disposed = true;
  }
  /**
   * Raw request.
   * @param info
   * @param data
   */
  requestRaw(info, data) {
    return __awaiter(this, void 0, void 0, function* () {
      return new Promise((resolve, reject) => {
        function callbackForResult(err, res) {
          if (err) {
            reject(err);
          } else if (!res) {
            reject(new Error("Unknown error"));
          } else {
            resolve(res);
          }
        }
        this.requestRawWithCallback(info, data, callbackForResult);
      });
    });
  }
  /**
   * Raw request with callback.
   * @param info
   * @param data
   * @param onResult
   */
  requestRawWithCallback(info, data, onResult) {
    if (typeof data === "string") {
      if (!info.options.headers) {
        info.options.headers = {};
      }
      info.options.headers["Content-Length"] = Buffer.byteLength(data, "utf8");
    }
    let callbackCalled = false;
    function handleResult(err, res) {
      if (!callbackCalled) {
        callbackCalled = true;
        onResult(err, res);
      }
    }
    const req = info.httpModule.request(info.options, (msg) => {
      const res = new HttpClientResponse(msg);
      handleResult(void 0, res);
    });
    let socket;
    req.on("socket", (sock) => {
      socket = sock;
    });
    req.setTimeout(this._socketTimeout || 3 * 6e4, () => {
      if (socket) {
        socket.end();
      }
      handleResult(new Error(`Request timeout: ${info.options.path}`));
    });
    req.on("error", function(err) {
      handleResult(err);
    });
    if (data && typeof data === "string") {
      req.write(data, "utf8");
    }
    if (data && typeof data !== "string") {
      data.on("close", function() {
        req.end();
      });
      data.pipe(req);
    } else {
      req.end();
    }
  }
  /**
   * Gets an http agent. This function is useful when you need an http agent that handles
   * routing through a proxy server - depending upon the url and proxy environment variables.
   * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
   */
  getAgent(serverUrl) {
    const parsedUrl = new URL(serverUrl);
    return this._getAgent(parsedUrl);
  }
  getAgentDispatcher(serverUrl) {
    const parsedUrl = new URL(serverUrl);
    const proxyUrl = getProxyUrl(parsedUrl);
    const useProxy = proxyUrl && proxyUrl.hostname;
    if (!useProxy) {
      return;
    }
    return this._getProxyAgentDispatcher(parsedUrl, proxyUrl);
  }
  _prepareRequest(method, requestUrl, headers) {
    const info = {};
    info.parsedUrl = requestUrl;
    const usingSsl = info.parsedUrl.protocol === "https:";
    info.httpModule = usingSsl ? https : http;
    const defaultPort = usingSsl ? 443 : 80;
    info.options = {};
    info.options.host = info.parsedUrl.hostname;
    info.options.port = info.parsedUrl.port ? parseInt(info.parsedUrl.port) : defaultPort;
    info.options.path = (info.parsedUrl.pathname || "") + (info.parsedUrl.search || "");
    info.options.method = method;
    info.options.headers = this._mergeHeaders(headers);
    if (this.userAgent != null) {
      info.options.headers["user-agent"] = this.userAgent;
    }
    info.options.agent = this._getAgent(info.parsedUrl);
    if (this.handlers) {
      for (const handler of this.handlers) {
        handler.prepareRequest(info.options);
      }
    }
    return info;
  }
  _mergeHeaders(headers) {
    if (this.requestOptions && this.requestOptions.headers) {
      return Object.assign({}, lowercaseKeys(this.requestOptions.headers), lowercaseKeys(headers || {}));
    }
    return lowercaseKeys(headers || {});
  }
  /**
   * Gets an existing header value or returns a default.
   * Handles converting number header values to strings since HTTP headers must be strings.
   * Note: This returns string | string[] since some headers can have multiple values.
   * For headers that must always be a single string (like Content-Type), use the
   * specialized _getExistingOrDefaultContentTypeHeader method instead.
   */
  _getExistingOrDefaultHeader(additionalHeaders, header, _default) {
    let clientHeader;
    if (this.requestOptions && this.requestOptions.headers) {
      const headerValue = lowercaseKeys(this.requestOptions.headers)[header];
      if (headerValue) {
        clientHeader = typeof headerValue === "number" ? headerValue.toString() : headerValue;
      }
    }
    const additionalValue = additionalHeaders[header];
    if (additionalValue !== void 0) {
      return typeof additionalValue === "number" ? additionalValue.toString() : additionalValue;
    }
    if (clientHeader !== void 0) {
      return clientHeader;
    }
    return _default;
  }
  /**
   * Specialized version of _getExistingOrDefaultHeader for Content-Type header.
   * Always returns a single string (not an array) since Content-Type should be a single value.
   * Converts arrays to comma-separated strings and numbers to strings to ensure type safety.
   * This was split from _getExistingOrDefaultHeader to provide stricter typing for callers
   * that assign the result to places expecting a string (e.g., additionalHeaders[Headers.ContentType]).
   */
  _getExistingOrDefaultContentTypeHeader(additionalHeaders, _default) {
    let clientHeader;
    if (this.requestOptions && this.requestOptions.headers) {
      const headerValue = lowercaseKeys(this.requestOptions.headers)[Headers2.ContentType];
      if (headerValue) {
        if (typeof headerValue === "number") {
          clientHeader = String(headerValue);
        } else if (Array.isArray(headerValue)) {
          clientHeader = headerValue.join(", ");
        } else {
          clientHeader = headerValue;
        }
      }
    }
    const additionalValue = additionalHeaders[Headers2.ContentType];
    if (additionalValue !== void 0) {
      if (typeof additionalValue === "number") {
        return String(additionalValue);
      } else if (Array.isArray(additionalValue)) {
        return additionalValue.join(", ");
      } else {
        return additionalValue;
      }
    }
    if (clientHeader !== void 0) {
      return clientHeader;
    }
    return _default;
  }
  _getAgent(parsedUrl) {
    let agent;
    const proxyUrl = getProxyUrl(parsedUrl);
    const useProxy = proxyUrl && proxyUrl.hostname;
    if (this._keepAlive && useProxy) {
      agent = this._proxyAgent;
    }
    if (!useProxy) {
      agent = this._agent;
    }
    if (agent) {
      return agent;
    }
    const usingSsl = parsedUrl.protocol === "https:";
    let maxSockets = 100;
    if (this.requestOptions) {
      maxSockets = this.requestOptions.maxSockets || http.globalAgent.maxSockets;
    }
    if (proxyUrl && proxyUrl.hostname) {
      const agentOptions = {
        maxSockets,
        keepAlive: this._keepAlive,
        proxy: Object.assign(Object.assign({}, (proxyUrl.username || proxyUrl.password) && {
          proxyAuth: `${proxyUrl.username}:${proxyUrl.password}`
        }), { host: proxyUrl.hostname, port: proxyUrl.port })
      };
      let tunnelAgent;
      const overHttps = proxyUrl.protocol === "https:";
      if (usingSsl) {
        tunnelAgent = overHttps ? tunnel.httpsOverHttps : tunnel.httpsOverHttp;
      } else {
        tunnelAgent = overHttps ? tunnel.httpOverHttps : tunnel.httpOverHttp;
      }
      agent = tunnelAgent(agentOptions);
      this._proxyAgent = agent;
    }
    if (!agent) {
      const options = { keepAlive: this._keepAlive, maxSockets };
      agent = usingSsl ? new https.Agent(options) : new http.Agent(options);
      this._agent = agent;
    }
    if (usingSsl && this._ignoreSslError) {
      agent.options = Object.assign(agent.options || {}, {
        rejectUnauthorized: false
      });
    }
    return agent;
  }
  _getProxyAgentDispatcher(parsedUrl, proxyUrl) {
    let proxyAgent;
    if (this._keepAlive) {
      proxyAgent = this._proxyAgentDispatcher;
    }
    if (proxyAgent) {
      return proxyAgent;
    }
    const usingSsl = parsedUrl.protocol === "https:";
    proxyAgent = new ProxyAgent(Object.assign({ uri: proxyUrl.href, pipelining: !this._keepAlive ? 0 : 1 }, (proxyUrl.username || proxyUrl.password) && {
      token: `Basic ${Buffer.from(`${proxyUrl.username}:${proxyUrl.password}`).toString("base64")}`
    }));
    this._proxyAgentDispatcher = proxyAgent;
    if (usingSsl && this._ignoreSslError) {
      proxyAgent.options = Object.assign(proxyAgent.options.requestTls || {}, {
        rejectUnauthorized: false
      });
    }
    return proxyAgent;
  }
  _getUserAgentWithOrchestrationId(userAgent) {
    const baseUserAgent = userAgent || "actions/http-client";
    const orchId = process.env["ACTIONS_ORCHESTRATION_ID"];
    if (orchId) {
      const sanitizedId = orchId.replace(/[^a-z0-9_.-]/gi, "_");
      return `${baseUserAgent} actions_orchestration_id/${sanitizedId}`;
    }
    return baseUserAgent;
  }
  _performExponentialBackoff(retryNumber) {
    return __awaiter(this, void 0, void 0, function* () {
      retryNumber = Math.min(ExponentialBackoffCeiling, retryNumber);
      const ms = ExponentialBackoffTimeSlice * Math.pow(2, retryNumber);
      return new Promise((resolve) => setTimeout(() => resolve(), ms));
    });
  }
  _processResponse(res, options) {
    return __awaiter(this, void 0, void 0, function* () {
      return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
        const statusCode = res.message.statusCode || 0;
        const response = {
          statusCode,
          result: null,
          headers: {}
        };
        if (statusCode === HttpCodes.NotFound) {
          resolve(response);
        }
        function dateTimeDeserializer(key, value) {
          if (typeof value === "string") {
            const a = new Date(value);
            if (!isNaN(a.valueOf())) {
              return a;
            }
          }
          return value;
        }
        let obj;
        let contents;
        try {
          contents = yield res.readBody();
          if (contents && contents.length > 0) {
            if (options && options.deserializeDates) {
              obj = JSON.parse(contents, dateTimeDeserializer);
            } else {
              obj = JSON.parse(contents);
            }
            response.result = obj;
          }
          response.headers = res.message.headers;
        } catch (err) {
        }
        if (statusCode > 299) {
          let msg;
          if (obj && obj.message) {
            msg = obj.message;
          } else if (contents && contents.length > 0) {
            msg = contents;
          } else {
            msg = `Failed request: (${statusCode})`;
          }
          const err = new HttpClientError(msg, statusCode);
          err.result = response.result;
          reject(err);
        } else {
          resolve(response);
        }
      }));
    });
  }
};
var lowercaseKeys = (obj) => Object.keys(obj).reduce((c, k) => (c[k.toLowerCase()] = obj[k], c), {});

// src/api/transport.ts
var import_node_async_hooks = require("node:async_hooks");

// src/api/exchange.ts
var import_node_http = require("node:http");
var import_node_https = require("node:https");

// src/api/tls.ts
var UNTRUSTED = "its certificate is signed by a certificate authority this runner does not trust";
var CERTIFICATE_PROBLEMS = {
  ERR_TLS_CERT_ALTNAME_INVALID: "its certificate is for another host name",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNTRUSTED,
  UNABLE_TO_GET_ISSUER_CERT: UNTRUSTED,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNTRUSTED,
  SELF_SIGNED_CERT_IN_CHAIN: UNTRUSTED,
  CERT_UNTRUSTED: UNTRUSTED,
  DEPTH_ZERO_SELF_SIGNED_CERT: "its certificate is self-signed",
  CERT_HAS_EXPIRED: "its certificate has expired",
  CERT_NOT_YET_VALID: "its certificate is not valid yet (or the runner's clock is behind)",
  CERT_SIGNATURE_FAILURE: "its certificate's signature does not verify"
};
function certificateFailure(error, host) {
  const code = error?.code;
  if (typeof code !== "string" || !(code in CERTIFICATE_PROBLEMS)) return void 0;
  const names = error.cert?.subjectaltname;
  return { kind: "certificate", error, code, host, names: typeof names === "string" ? names : void 0 };
}
function describeCertificateFailure(failure) {
  const { code, host, names } = failure;
  const problem = CERTIFICATE_PROBLEMS[code];
  const what = code === "ERR_TLS_CERT_ALTNAME_INVALID" && names ? `its certificate is for ${names}, not ${host.replace(/:\d+$/, "")}` : problem;
  return `the TLS connection to ${host} was refused, nothing was sent: ${what} (${code}). If ${host} is reached through a private certificate authority (GitHub Enterprise Server, a TLS-inspecting proxy), set NODE_EXTRA_CA_CERTS in the job's env to a PEM file with that authority's certificate; check that the URL names the host its certificate is for`;
}

// src/api/exchange.ts
async function exchange(http2, method, url2, body, headers, limits) {
  const target = new URL(url2);
  const userAgent = http2.userAgent ?? "functions-access-key";
  try {
    return await send(method, target, body, { ...headers, "user-agent": userAgent }, http2, limits);
  } catch (error) {
    return certificateFailure(error, target.host) ?? { kind: "network", error: error instanceof Error ? error : new Error(String(error)) };
  }
}
function send(method, url2, body, headers, http2, { signal, idleMs }) {
  const request2 = url2.protocol === "https:" ? import_node_https.request : import_node_http.request;
  return new Promise((resolve, reject) => {
    const req = request2(url2, { method, headers, agent: http2.getAgent(url2.href), signal }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("close", () => res.complete || reject(new Error("the answer was cut off")));
    });
    req.setTimeout(idleMs, () => req.destroy(new Error(`no answer for ${idleMs / 1e3}s`)));
    req.on("error", reject);
    req.end(body ?? void 0);
  });
}

// src/api/transport.ts
var ApiError = class extends Error {
  constructor(method, path, failure, note = "") {
    super(`${method} ${path} failed: ${describeFailure(failure)}${note}`);
    this.method = method;
    this.path = path;
    this.failure = failure;
  }
  method;
  path;
  failure;
  name = "ApiError";
  get status() {
    return this.failure.kind === "status" ? this.failure.status : void 0;
  }
};
function describeFailure(failure) {
  if (failure.kind === "network") return `no answer (${failure.error.message})`;
  if (failure.kind === "certificate") return describeCertificateFailure(failure);
  const what = [failure.status, failure.id].filter(Boolean).join(" ");
  const message2 = failure.message ? `: ${failure.message}` : "";
  const requestId = failure.requestId ? ` (request id ${failure.requestId})` : "";
  return `${what}${message2}${requestId}`;
}
var outerDeadline = new import_node_async_hooks.AsyncLocalStorage();
async function withRetries(method, path, attempt, { clock, log, retry = DEFAULT_RETRY, retryable = isRetryable, beforeRetry }) {
  const deadline = Math.min(outerDeadline.getStore() ?? Infinity, clock.now() + retry.budgetMs);
  const by = new Date(deadline).toISOString();
  for (let n = 1; ; n++) {
    const outcome = clock.now() >= deadline ? notSent(by) : await attemptBy(deadline, by, clock, attempt, retry);
    if (!isFailure(outcome)) return outcome;
    const failure = outcome;
    if (!retryable(failure)) throw new ApiError(method, path, failure);
    if (n >= retry.maxAttempts) throw new ApiError(method, path, failure, ` (gave up after ${n} attempts)`);
    const delay = retryDelay(failure, n, clock.now(), clock.random(), retry);
    if (clock.now() + delay >= deadline) {
      const until = new Date(clock.now() + delay).toISOString();
      throw new ApiError(method, path, failure, clock.now() >= deadline ? "" : ` (the next attempt would start at ${until}, past the ${retry.budgetMs / 1e3}s retry budget)`);
    }
    log(`${method} ${path}: ${describeFailure(failure)}; retrying in ${(delay / 1e3).toFixed(1)}s (attempt ${n + 1} of ${retry.maxAttempts})`);
    await clock.sleep(delay);
    await outerDeadline.run(deadline, async () => beforeRetry?.(failure));
  }
}
function notSent(by) {
  return { kind: "network", error: new Error(`not sent: the deadline, ${by}, had passed`) };
}
async function attemptBy(deadline, by, clock, attempt, retry) {
  const signal = AbortSignal.timeout(Math.ceil(deadline - clock.now()));
  const outcome = await attempt({ signal, idleMs: retry.attemptMs ?? DEFAULT_RETRY.attemptMs });
  return isFailure(outcome) && outcome.kind === "network" && signal.aborted ? { kind: "network", error: new Error(`no answer by the deadline, ${by}`) } : outcome;
}
function isFailure(outcome) {
  return "kind" in outcome;
}
function httpClient(userAgent = "functions-access-key") {
  return new HttpClient(userAgent, [], { allowRetries: false, keepAlive: true });
}
var Transport = class {
  constructor(options) {
    this.options = options;
    this.http = httpClient(options.userAgent);
    this.authorization = "token" in options ? `Bearer ${options.token}` : options.authorization;
  }
  options;
  http;
  authorization;
  async request(method, path, body, hooks = {}) {
    const { clock, log, retry, beforeSend } = this.options;
    await beforeSend?.();
    let first = true;
    const attempt = async (limits) => {
      if (!first) await beforeSend?.();
      first = false;
      return this.attempt(method, path, body, limits);
    };
    return withRetries(method, path, attempt, { clock, log, retry, ...hooks });
  }
  /** Closes kept-alive sockets so the process can exit at once. */
  dispose() {
    this.http.dispose();
  }
  async attempt(method, path, body, limits) {
    const headers = { authorization: this.authorization, accept: "application/json" };
    if (body !== void 0) headers["content-type"] = "application/json";
    const answer2 = await exchange(this.http, method, this.options.baseUrl + path, body === void 0 ? null : JSON.stringify(body), headers, limits);
    if (isFailure(answer2)) return answer2;
    const { status, headers: responseHeaders, text: text2 } = answer2;
    this.options.onResponse?.(status, responseHeaders);
    const parsed = parseJson(text2);
    const notJson = parsed === void 0 && text2.trim() !== "" ? "the answer was not JSON" : void 0;
    if (status >= 200 && status < 300) {
      if (notJson) return { kind: "status", status: 502, headers: responseHeaders, message: notJson };
      return { status, body: parsed, headers: responseHeaders };
    }
    const error = parsed ?? {};
    return {
      kind: "status",
      status,
      headers: responseHeaders,
      id: stringField(error.id),
      message: stringField(error.message) ?? stringField(error.error) ?? notJson,
      requestId: stringField(error.request_id) ?? stringField(error.code) ?? firstHeader(responseHeaders["x-request-id"])
    };
  }
};
function parseJson(text2) {
  try {
    return text2.trim() ? JSON.parse(text2) : void 0;
  } catch {
    return void 0;
  }
}
function stringField(value) {
  return typeof value === "string" ? value : void 0;
}
function firstHeader(value) {
  return Array.isArray(value) ? value[0] : value;
}

// src/api/digitalocean.ts
var NAMESPACES = "/v2/functions/namespaces";
var keysPath = (namespaceId) => `${NAMESPACES}/${encodeURIComponent(namespaceId)}/keys`;
var DigitalOceanClient = class {
  constructor(transport, log) {
    this.transport = transport;
    this.log = log;
  }
  transport;
  log;
  async listNamespaces() {
    const { body } = await this.transport.request("GET", NAMESPACES);
    return body?.namespaces ?? [];
  }
  async getNamespace(id) {
    const { body } = await this.transport.request("GET", `${NAMESPACES}/${encodeURIComponent(id)}`);
    if (!body?.namespace?.namespace) throw new Error(`GET ${NAMESPACES}/${id} answered without a namespace`);
    return body.namespace;
  }
  async listKeys(namespaceId) {
    const { body } = await this.transport.request("GET", keysPath(namespaceId));
    return body?.access_keys ?? [];
  }
  /**
   * Creates a key. When an attempt fails in a way that may have created it anyway (lost answer, 5xx),
   * the key is looked up by its unique name and deleted before the next attempt, so at most one key of
   * this call is ever live, and none if the call fails. `expiresIn` null: the key never expires.
   */
  async createKey(namespaceId, name, expiresIn) {
    const removeStray = async (failure) => {
      if (!isAmbiguous(failure)) return;
      for (const id of await this.deleteKeysNamed(namespaceId, name)) {
        this.log(`Deleted key ${id} (${name}), made by a create request whose answer was lost (${describeFailure(failure)})`);
      }
    };
    let key;
    try {
      const { body } = await this.transport.request(
        "POST",
        keysPath(namespaceId),
        expiresIn === null ? { name } : { name, expires_in: expiresIn },
        { beforeRetry: removeStray }
      );
      key = body?.access_key;
    } catch (error) {
      if (error instanceof ApiError) await removeStray(error.failure).catch(() => void 0);
      throw error;
    }
    if (!key?.id || !key.secret) {
      await this.deleteKeysNamed(namespaceId, name);
      throw new Error(`POST ${keysPath(namespaceId)} answered without a key ID and secret; any key it made was deleted`);
    }
    return key;
  }
  /** Deletes a key; `false` when it was already gone (404). */
  async deleteKey(namespaceId, keyId) {
    try {
      await this.transport.request("DELETE", `${keysPath(namespaceId)}/${encodeURIComponent(keyId)}`);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return false;
      throw error;
    }
  }
  /** Deletes every key of the namespace with exactly this name; returns their IDs. */
  async deleteKeysNamed(namespaceId, name) {
    const matches = (await this.listKeys(namespaceId)).filter((key) => key.name === name);
    for (const key of matches) await this.deleteKey(namespaceId, key.id);
    return matches.map((key) => key.id);
  }
};

// src/duration.ts
var PATTERN = /^([1-9][0-9]{0,5})([hd])$/;
function parseHours(value) {
  const match = PATTERN.exec(value);
  if (!match) return void 0;
  const n = Number(match[1]);
  return match[2] === "d" ? n * 24 : n;
}
var HOUR_MS = 36e5;

// src/api/expiry.ts
var MAX_MINT_HOURS = 12;
var CLOCK_SKEW_MS = 5 * 6e4;
var ExpiryError = class extends Error {
  name = "ExpiryError";
};
function provenExpiry(key, requestedAt, hours, expiresIn) {
  const expiresAt = key.expires_at === null ? NaN : Date.parse(key.expires_at);
  if (!(expiresAt <= requestedAt + hours * HOUR_MS + CLOCK_SKEW_MS)) {
    const given = key.expires_at === null ? "no expiry" : `expiry ${key.expires_at}`;
    throw new ExpiryError(
      `DigitalOcean created key ${key.id} with ${given}, although ${expiresIn} was asked for. No key is handed out that cannot be shown to be short-lived; the key is deleted.`
    );
  }
  return expiresAt;
}

// src/api/url.ts
function credentialUrlProblem(url2) {
  if (url2.username || url2.password || url2.search || url2.hash) return "it must not carry credentials, a query or a fragment";
  if (url2.protocol !== "https:" && !(url2.protocol === "http:" && isLoopback(url2.hostname))) {
    return `\`${url2.protocol}//${url2.host}\` would send credentials in clear text`;
  }
  return void 0;
}
function isLoopback(host) {
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

// src/broker/policy.ts
var CONDITIONS = ["repository", "repository_id", "repository_owner_id", "ref", "environment", "event_name", "workflow_ref", "job_workflow_ref"];
var GLOBS = ["ref", "environment", "workflow_ref", "job_workflow_ref"];
var REPOSITORY_PINS = ["repository_id", "repository_owner_id", "repository"];
var OUTSIDER_EVENTS = ["pull_request_target", "issue_comment", "workflow_run"];
var RULE_KEYS = ["name", "namespaces", "max_expiration", ...CONDITIONS];
var ConfigError = class extends Error {
  name = "ConfigError";
};
function parsePolicy(text2) {
  let json;
  try {
    json = JSON.parse(text2);
  } catch (error) {
    throw new ConfigError(`BROKER_POLICY is not JSON (${error.message}).`);
  }
  if (!isObject(json) || !Array.isArray(json.rules) || json.rules.length === 0 || Object.keys(json).some((key) => key !== "rules")) {
    throw new ConfigError("BROKER_POLICY must be an object with a non-empty `rules` array and nothing else.");
  }
  return { rules: json.rules.map((rule, index) => parseRule(rule, index + 1)) };
}
function parseRule(rule, n) {
  const fail = (problem) => new ConfigError(`BROKER_POLICY rule ${n}: ${problem}.`);
  if (!isObject(rule)) throw fail("is not an object");
  const unknown = Object.keys(rule).filter((key) => !RULE_KEYS.includes(key));
  if (unknown.length) throw fail(`unknown ${unknown.map((key) => `\`${key}\``).join(", ")} (known: ${RULE_KEYS.join(", ")})`);
  const name = rule.name === void 0 ? `rule ${n}` : rule.name;
  if (typeof name !== "string" || !name) throw fail("`name` must be a non-empty string");
  const namespaces = strings(rule.namespaces);
  if (!namespaces || namespaces.includes("*")) throw fail("`namespaces` must be a non-empty list of namespace IDs or labels, without `*`");
  const maxExpiration = rule.max_expiration ?? "1h";
  const maxHours = typeof maxExpiration === "string" ? parseHours(maxExpiration) : void 0;
  if (maxHours === void 0 || maxHours > MAX_MINT_HOURS) throw fail(`\`max_expiration\` must be \`<int>h\` from 1h to ${MAX_MINT_HOURS}h`);
  const conditions = CONDITIONS.filter((claim) => rule[claim] !== void 0).map((claim) => {
    const values = strings(rule[claim], claim.endsWith("_id"));
    if (!values) throw fail(`\`${claim}\` must be a string or a non-empty list of strings`);
    return { claim, values, test: matcher(claim, values) };
  });
  if (!conditions.some((condition) => REPOSITORY_PINS.includes(condition.claim))) {
    throw fail(`it matches every repository: name \`repository_id\` (best), \`repository_owner_id\` or \`repository\``);
  }
  return { name, namespaces: namespaces.map((ref) => /^fn-/i.test(ref) ? ref.toLowerCase() : ref), maxExpiration, maxHours, conditions };
}
function matcher(claim, values) {
  if (GLOBS.includes(claim)) {
    const patterns = values.map(glob);
    return (value) => patterns.some((pattern) => pattern.test(value));
  }
  if (claim === "repository") return (value) => values.some((wanted) => wanted.toLowerCase() === value.toLowerCase());
  return (value) => values.includes(value);
}
function glob(pattern) {
  const source = pattern.split("**").map((part) => part.split("*").map(escape).join("[^/]*")).join(".*");
  return new RegExp(`^${source}$`);
}
function escape(text2) {
  return text2.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}
function matchingRules(policy, claims2) {
  return policy.rules.filter((rule) => {
    const event = claims2.event_name ?? "";
    if (OUTSIDER_EVENTS.includes(event) && !rule.conditions.some((c) => c.claim === "event_name" && c.values.includes(event))) return false;
    return rule.conditions.every(({ claim, test }) => {
      const value = claims2[claim];
      return value !== void 0 && test(value);
    });
  });
}
function grants(rule, namespace) {
  return rule.namespaces.includes(namespace.namespace.toLowerCase()) || rule.namespaces.includes(namespace.label);
}
function describeCaller(claims2) {
  const environment = claims2.environment ? `, environment ${claims2.environment}` : "";
  return `repository ${claims2.repository} (id ${claims2.repository_id}) on ref ${claims2.ref}, event ${claims2.event_name}${environment}`;
}
function strings(value, numbers = false) {
  const list = Array.isArray(value) ? value : [value];
  const items = list.map((item) => numbers && Number.isSafeInteger(item) ? String(item) : item);
  return items.length > 0 && items.every((item) => typeof item === "string" && item !== "") ? items : void 0;
}
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// src/broker/config.ts
var GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
var DEFAULT_AUDIENCE = "functions-access-key";
function readConfig(env) {
  const token = env.DIGITALOCEAN_TOKEN?.trim();
  if (!token) throw new ConfigError("DIGITALOCEAN_TOKEN is not set: set it to a DigitalOcean API token with the function:admin scope.");
  if (!env.BROKER_POLICY?.trim()) throw new ConfigError("BROKER_POLICY is not set: set it to the policy, as JSON.");
  const audience = env.OIDC_AUDIENCE?.trim() || DEFAULT_AUDIENCE;
  if (audience.startsWith("https://github.com/")) throw new ConfigError(`OIDC_AUDIENCE must not be GitHub's default audience (${audience}): use one only this broker accepts.`);
  return {
    token,
    policy: parsePolicy(env.BROKER_POLICY),
    issuer: url("OIDC_ISSUER", env.OIDC_ISSUER?.trim() || GITHUB_ISSUER),
    audience,
    apiUrl: url("API_URL", env.API_URL?.trim() || "https://api.digitalocean.com")
  };
}
function url(name, value) {
  let parsed;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a URL: ${value}.`);
  }
  const problem = credentialUrlProblem(parsed);
  if (problem) throw new ConfigError(`${name}: ${problem}; use https.`);
  return value.replace(/\/+$/, "");
}

// src/broker/event.ts
function readEvent(event) {
  const fields = isObject2(event) ? event : {};
  if (isObject2(fields.http)) {
    const http2 = fields.http;
    return request(http2.method, http2.path, http2.headers, http2.queryString, decodeBody(http2.body, http2.isBase64Encoded));
  }
  return request(fields.__ow_method, fields.__ow_path, fields.__ow_headers, fields.__ow_query, decodeBody(fields.__ow_body, void 0));
}
function request(method, path, headers, query, body) {
  const names = Object.entries(isObject2(headers) ? headers : {}).filter((entry) => typeof entry[1] === "string");
  return {
    method: text(method).toUpperCase(),
    path: `/${text(path).replace(/^\/+|\/+$/g, "")}`,
    headers: Object.fromEntries(names.map(([name, value]) => [name.toLowerCase(), value])),
    query: new URLSearchParams(text(query)),
    body
  };
}
function decodeBody(body, isBase64Encoded) {
  const raw = text(body);
  const base64 = isBase64Encoded === void 0 ? !raw.trimStart().startsWith("{") : isBase64Encoded === true;
  return base64 ? Buffer.from(raw, "base64").toString("utf8") : raw;
}
function text(value) {
  return typeof value === "string" ? value : "";
}
function isObject2(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// src/broker/keys.ts
var import_node_crypto = require("node:crypto");
var TAG_LENGTH = 8;
var BODY_MAX = 63 - 1 - 2 * TAG_LENGTH;
function keyName(claims2) {
  return `${runPart(claims2)}${tag(`jti|${claims2.iss}|${claims2.jti}`)}`;
}
function mintedForRun(name, claims2) {
  const run = runPart(claims2);
  return name.length === run.length + TAG_LENGTH && name.startsWith(run) && /^[0-9a-f]+$/.test(name.slice(run.length));
}
function runPart(claims2) {
  const body = `gha-${claims2.repository}-${claims2.run_id}-${claims2.run_attempt}`.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/-{2,}/g, "-").slice(0, BODY_MAX).replace(/[-.]+$/, "");
  return `${body}-${tag(`run|${claims2.iss}|${claims2.repository_id}|${claims2.run_id}|${claims2.run_attempt}`)}`;
}
function tag(text2) {
  return (0, import_node_crypto.createHash)("sha256").update(text2).digest("hex").slice(0, TAG_LENGTH);
}
async function findMinted(client, namespaces, claims2) {
  const name = keyName(claims2);
  const lists = await Promise.all(namespaces.map((namespace) => client.listKeys(namespace.namespace)));
  return lists.flat().find((key) => key.name === name);
}
async function mintKey(client, clock, { namespace, claims: claims2, expiresIn, hours }) {
  const requestedAt = clock.now();
  const key = await client.createKey(namespace.namespace, keyName(claims2), expiresIn);
  try {
    provenExpiry(key, requestedAt, hours, expiresIn);
  } catch (error) {
    await client.deleteKey(namespace.namespace, key.id);
    throw error;
  }
  return key;
}

// src/broker/log.ts
function logDecision(write, time, decision) {
  write(JSON.stringify({ time: new Date(time).toISOString(), ...decision }));
}
function logEvent(write, time, event, message2) {
  write(JSON.stringify({ time: new Date(time).toISOString(), event, message: message2 }));
}

// node_modules/jose/dist/webapi/lib/buffer_utils.js
var encoder = new TextEncoder();
var decoder = new TextDecoder();
var strictDecoder = new TextDecoder("utf-8", { fatal: true });
var UINT32_RANGE = 2 ** 32;
function concat(...buffers) {
  const size = buffers.reduce((acc, { length }) => acc + length, 0), buf = new Uint8Array(size);
  let i = 0;
  for (const buffer of buffers)
    buf.set(buffer, i), i += buffer.length;
  return buf;
}
var NON_ASCII = /[^\x00-\x7f]/;
function encode(string) {
  if (typeof string == "string" && string.length >= 128) {
    if (NON_ASCII.test(string))
      throw new TypeError("non-ASCII string encountered in encode()");
    return encoder.encode(string);
  }
  const bytes = new Uint8Array(string.length);
  for (let i = 0; i < string.length; i++) {
    const code = string.charCodeAt(i);
    if (code > 127)
      throw new TypeError("non-ASCII string encountered in encode()");
    bytes[i] = code;
  }
  return bytes;
}
function decodeBase64(encoded, url2 = false) {
  if (Uint8Array.fromBase64)
    return Uint8Array.fromBase64(encoded, { alphabet: url2 ? "base64url" : "base64" });
  if (url2) {
    if (encoded.includes("+") || encoded.includes("/"))
      throw new TypeError("Invalid base64url");
    encoded = encoded.replace(/-/g, "+").replace(/_/g, "/");
  }
  const binary = atob(encoded), bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++)
    bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// node_modules/jose/dist/webapi/util/errors.js
var errors_exports = {};
__export(errors_exports, {
  JOSEAlgNotAllowed: () => JOSEAlgNotAllowed,
  JOSEError: () => JOSEError,
  JOSENotSupported: () => JOSENotSupported,
  JWEDecryptionFailed: () => JWEDecryptionFailed,
  JWEInvalid: () => JWEInvalid,
  JWKInvalid: () => JWKInvalid,
  JWKSInvalid: () => JWKSInvalid,
  JWKSMultipleMatchingKeys: () => JWKSMultipleMatchingKeys,
  JWKSNoMatchingKey: () => JWKSNoMatchingKey,
  JWKSTimeout: () => JWKSTimeout,
  JWSInvalid: () => JWSInvalid,
  JWSSignatureVerificationFailed: () => JWSSignatureVerificationFailed,
  JWTClaimValidationFailed: () => JWTClaimValidationFailed,
  JWTExpired: () => JWTExpired,
  JWTInvalid: () => JWTInvalid
});
var JOSEError = class extends Error {
  static code = "ERR_JOSE_GENERIC";
  code = "ERR_JOSE_GENERIC";
  constructor(message2, options) {
    super(message2, options), this.name = this.constructor.name, Error.captureStackTrace?.(this, this.constructor);
  }
};
var JWTClaimValidationFailed = class extends JOSEError {
  static code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
  code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
  claim;
  reason;
  payload;
  constructor(message2, payload, claim = "unspecified", reason = "unspecified") {
    super(message2, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
  }
};
var JWTExpired = class extends JOSEError {
  static code = "ERR_JWT_EXPIRED";
  code = "ERR_JWT_EXPIRED";
  claim;
  reason;
  payload;
  constructor(message2, payload, claim = "unspecified", reason = "unspecified") {
    super(message2, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
  }
};
var JOSEAlgNotAllowed = class extends JOSEError {
  static code = "ERR_JOSE_ALG_NOT_ALLOWED";
  code = "ERR_JOSE_ALG_NOT_ALLOWED";
};
var JOSENotSupported = class extends JOSEError {
  static code = "ERR_JOSE_NOT_SUPPORTED";
  code = "ERR_JOSE_NOT_SUPPORTED";
};
var JWEDecryptionFailed = class extends JOSEError {
  static code = "ERR_JWE_DECRYPTION_FAILED";
  code = "ERR_JWE_DECRYPTION_FAILED";
  constructor(message2 = "decryption operation failed", options) {
    super(message2, options);
  }
};
var JWEInvalid = class extends JOSEError {
  static code = "ERR_JWE_INVALID";
  code = "ERR_JWE_INVALID";
};
var JWSInvalid = class extends JOSEError {
  static code = "ERR_JWS_INVALID";
  code = "ERR_JWS_INVALID";
};
var JWTInvalid = class extends JOSEError {
  static code = "ERR_JWT_INVALID";
  code = "ERR_JWT_INVALID";
};
var JWKInvalid = class extends JOSEError {
  static code = "ERR_JWK_INVALID";
  code = "ERR_JWK_INVALID";
};
var JWKSInvalid = class extends JOSEError {
  static code = "ERR_JWKS_INVALID";
  code = "ERR_JWKS_INVALID";
};
var JWKSNoMatchingKey = class extends JOSEError {
  static code = "ERR_JWKS_NO_MATCHING_KEY";
  code = "ERR_JWKS_NO_MATCHING_KEY";
  constructor(message2 = "no applicable key found in the JSON Web Key Set", options) {
    super(message2, options);
  }
};
var JWKSMultipleMatchingKeys = class extends JOSEError {
  [Symbol.asyncIterator] = async function* () {
  };
  static code = "ERR_JWKS_MULTIPLE_MATCHING_KEYS";
  code = "ERR_JWKS_MULTIPLE_MATCHING_KEYS";
  constructor(message2 = "multiple matching keys found in the JSON Web Key Set", options) {
    super(message2, options);
  }
};
var JWKSTimeout = class extends JOSEError {
  static code = "ERR_JWKS_TIMEOUT";
  code = "ERR_JWKS_TIMEOUT";
  constructor(message2 = "request timed out", options) {
    super(message2, options);
  }
};
var JWSSignatureVerificationFailed = class extends JOSEError {
  static code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
  code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
  constructor(message2 = "signature verification failed", options) {
    super(message2, options);
  }
};

// node_modules/jose/dist/webapi/util/base64url.js
var invalid = "The input to be decoded is not correctly encoded.";
function decode(input) {
  try {
    return decodeBase64(typeof input == "string" ? input : decoder.decode(input), true);
  } catch (cause) {
    throw new TypeError(invalid, { cause });
  }
}

// node_modules/jose/dist/webapi/lib/validate.js
function isObject3(input) {
  if (typeof input != "object" || input === null || Object.prototype.toString.call(input) !== "[object Object]")
    return false;
  const prototype = Object.getPrototypeOf(input);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
function isJwkSet(input) {
  return isObject3(input) && Array.isArray(input.keys) && Array.from(input.keys).every(isObject3);
}
function isDisjoint(...headers) {
  const parameters = /* @__PURE__ */ new Set();
  for (const header of headers)
    if (header)
      for (const parameter of Object.keys(header)) {
        if (parameters.has(parameter))
          return false;
        parameters.add(parameter);
      }
  return true;
}
function decodeBase64url(value, label, ErrorClass) {
  try {
    return decode(value);
  } catch (cause) {
    throw new ErrorClass(`Failed to base64url decode the ${label}`, { cause });
  }
}
function encodeAsciiMember(value, label, ErrorClass) {
  try {
    return encode(value);
  } catch (cause) {
    throw new ErrorClass(`The ${label} is not a valid base64url string`, { cause });
  }
}
function parseJoseHeader(encodedProtectedHeader, ErrorClass, message2) {
  let parsed;
  try {
    parsed = JSON.parse(strictDecoder.decode(decode(encodedProtectedHeader)));
  } catch (cause) {
    throw new ErrorClass(message2, { cause });
  }
  if (!isObject3(parsed))
    throw new ErrorClass(message2);
  return parsed;
}
var JWS_RECOGNIZED = { __proto__: null, b64: true };
function validateAlgorithms(option, algorithms) {
  if (algorithms !== void 0 && (!Array.isArray(algorithms) || algorithms.some((s) => typeof s != "string")))
    throw new TypeError(`"${option}" option must be an array of strings`);
  return algorithms === void 0 ? void 0 : new Set(algorithms);
}
function validateCrit(Err, recognizedDefault, recognizedOption, protectedHeader, joseHeader) {
  if (joseHeader.crit !== void 0 && protectedHeader?.crit === void 0)
    throw new Err('"crit" (Critical) Header Parameter MUST be integrity protected');
  if (!protectedHeader || protectedHeader.crit === void 0)
    return [];
  if (!Array.isArray(protectedHeader.crit) || protectedHeader.crit.length === 0 || protectedHeader.crit.some((input) => typeof input != "string" || input.length === 0))
    throw new Err('"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present');
  const recognized = recognizedOption === void 0 ? recognizedDefault : { __proto__: null, ...recognizedOption, ...recognizedDefault };
  for (const parameter of protectedHeader.crit) {
    if (!(parameter in recognized))
      throw new JOSENotSupported(`Extension Header Parameter "${parameter}" is not recognized`);
    if (!Object.hasOwn(joseHeader, parameter) || joseHeader[parameter] === void 0)
      throw new Err(`Extension Header Parameter "${parameter}" is missing`);
    if (recognized[parameter] && (!Object.hasOwn(protectedHeader, parameter) || protectedHeader[parameter] === void 0))
      throw new Err(`Extension Header Parameter "${parameter}" MUST be integrity protected`);
  }
  return protectedHeader.crit;
}
function validateB64(protectedHeader, extensions) {
  if (extensions.includes("b64")) {
    const b64 = protectedHeader.b64;
    if (typeof b64 != "boolean")
      throw new JWSInvalid('The "b64" (base64url-encode payload) Header Parameter must be a boolean');
    return b64;
  }
  return true;
}

// node_modules/jose/dist/webapi/lib/key.js
var tag2 = (key) => key[Symbol.toStringTag];
var jwkMatchesOp = (entry, key, usage) => {
  const { alg } = entry;
  if (key.use !== void 0) {
    const expected = usage === "sign" || usage === "verify" ? "sig" : "enc";
    if (key.use !== expected)
      throw new TypeError(`Invalid key for this operation, its "use" must be "${expected}" when present`);
  }
  if (key.kty === "AKP" && key.alg === void 0)
    throw new TypeError('missing "alg" (Algorithm) Parameter value');
  if (key.alg !== void 0 && key.alg !== alg)
    throw new TypeError(`Invalid key for this operation, its "alg" must be "${alg}" when present`);
  if (Array.isArray(key.key_ops)) {
    const expectedKeyOp = usage === "encrypt" || usage === "decrypt" ? entry.ops?.[usage === "encrypt" ? 0 : 1] : usage;
    if (expectedKeyOp && !key.key_ops.includes(expectedKeyOp))
      throw new TypeError(`Invalid key for this operation, its "key_ops" must include "${expectedKeyOp}" when present`);
  }
};
async function prepareKey(entry, key, usage) {
  const { alg, secret } = entry, requiresPrivateKey = usage === "decrypt" || usage === "sign";
  if (secret && key instanceof Uint8Array)
    return key;
  let normalized, keyObject;
  if (isObject3(key)) {
    if (normalized = normalizeJwk(key), typeof normalized.kty != "string")
      throw invalidKeyType(alg, key, secret);
    if (!(secret ? normalized.kty === "oct" && typeof normalized.k == "string" : normalized.kty !== "oct" && (requiresPrivateKey ? normalized.kty === "AKP" && typeof normalized.priv == "string" || typeof normalized.d == "string" : normalized.d === void 0 && normalized.priv === void 0)))
      throw new TypeError(secret ? 'JSON Web Key for symmetric algorithms must have JWK "kty" (Key Type) equal to "oct" and the JWK "k" (Key Value) present' : `JSON Web Key for this operation must be a ${requiresPrivateKey ? "private" : "public"} JWK`);
    if (jwkMatchesOp(entry, normalized, usage), normalized.kty === "oct")
      return decode(normalized.k);
    if (!Object.isFrozen(key)) {
      const { key_ops } = key;
      Array.isArray(key_ops) && Object.freeze(key_ops), Object.freeze(key);
    }
  } else {
    if (!isKeyLike(key))
      throw invalidKeyType(alg, key, secret);
    const expectedType = secret ? "secret" : requiresPrivateKey ? "private" : "public";
    if (key.type !== expectedType && (secret || ["secret", "public", "private"].includes(key.type)))
      throw new TypeError(`${tag2(key)} instances must be of type "${expectedType}" for the ${alg} algorithm`);
    if (isCryptoKey(key))
      return key;
    if (keyObject = key, keyObject.type === "secret")
      return keyObject.export();
  }
  cache ||= /* @__PURE__ */ new WeakMap();
  const cacheKey = key;
  let cached = cache.get(cacheKey);
  if (cached?.[alg])
    return cached[alg];
  if (cached || cache.set(cacheKey, cached = {}), keyObject && typeof keyObject.toCryptoKey == "function") {
    const isPublic = keyObject.type === "public", crv = nist[keyObject.asymmetricKeyDetails?.namedCurve], params = entry.resolve?.({ crv, asymmetricKeyType: keyObject.asymmetricKeyType }) ?? entry.subtle;
    return cached[alg] = keyObject.toCryptoKey(params, isPublic, entry.usages[isPublic ? 0 : 1]);
  }
  return normalized ??= keyObject.export({ format: "jwk" }), normalized.alg = alg, cached[alg] = await jwkToKey(entry, normalized);
}
var cache;
var nist = {
  __proto__: null,
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521"
};
var isCryptoKey = (key) => {
  if (key?.[Symbol.toStringTag] === "CryptoKey")
    return true;
  try {
    return key instanceof CryptoKey;
  } catch {
    return false;
  }
};
var isKeyObject = (key) => key?.[Symbol.toStringTag] === "KeyObject";
var isKeyLike = (key) => isCryptoKey(key) || isKeyObject(key);
function message(msg, actual, ...types) {
  if (types.length > 2) {
    const last = types.pop();
    msg += `one of type ${types.join(", ")}, or ${last}.`;
  } else types.length === 2 ? msg += `one of type ${types[0]} or ${types[1]}.` : msg += `of type ${types[0]}.`;
  return actual == null ? msg += ` Received ${actual}` : typeof actual == "function" && actual.name ? msg += ` Received function ${actual.name}` : typeof actual == "object" && actual != null && actual.constructor?.name && (msg += ` Received an instance of ${actual.constructor.name}`), msg;
}
function invalidKeyType(alg, actual, secret) {
  const types = ["CryptoKey", "KeyObject", "JSON Web Key"];
  return secret && types.push("Uint8Array"), new TypeError(message(`Key for the ${alg} algorithm must be `, actual, ...types));
}
var unusable = (name, prop = "algorithm.name") => new TypeError(`CryptoKey does not support this operation, its ${prop} must be ${name}`);
function checkUsage(key, usage) {
  if (usage && !key.usages.includes(usage))
    throw new TypeError(`CryptoKey does not support this operation, its usages must include ${usage}.`);
}
function checkModulusLength(alg, key) {
  const { modulusLength } = key.algorithm;
  if (typeof modulusLength != "number" || modulusLength < 2048)
    throw new TypeError(`${alg} requires key modulusLength to be 2048 bits or larger`);
}
function checkCryptoKey(key, expected, usage) {
  const algorithm = key.algorithm;
  if (algorithm.name !== expected.name)
    throw unusable(expected.name);
  if (expected.hash && algorithm.hash?.name !== expected.hash)
    throw unusable(expected.hash, "algorithm.hash");
  if (expected.namedCurve && algorithm.namedCurve !== expected.namedCurve)
    throw unusable(expected.namedCurve, "algorithm.namedCurve");
  if (expected.length !== void 0 && algorithm.length !== expected.length)
    throw unusable(expected.length, "algorithm.length");
  checkUsage(key, usage);
}
function snapshotJwk(jwk) {
  return { __proto__: null, ...jwk };
}
function normalizeJwk(jwk) {
  const normalized = snapshotJwk(jwk);
  if (normalized.ext !== void 0 && typeof normalized.ext != "boolean")
    throw new TypeError('"ext" (Extractable) Parameter must be a boolean');
  if (normalized.key_ops !== void 0) {
    const value = normalized.key_ops, keyOps = Array.isArray(value) ? [...value] : void 0;
    if (!keyOps || keyOps.some((operation) => typeof operation != "string") || new Set(keyOps).size !== keyOps.length)
      throw new TypeError('"key_ops" (Key Operations) Parameter must be an array of unique strings');
    normalized.key_ops = keyOps;
  }
  return normalized;
}
async function jwkToKey(entry, jwk, extractable) {
  if (!entry.kty.includes(jwk.kty))
    throw new JOSENotSupported('Invalid or unsupported JWK "alg" (Algorithm) Parameter value');
  const algorithm = entry.resolve?.({ kty: jwk.kty, crv: jwk.crv }) ?? entry.subtle, isPrivate = !!(jwk.d || jwk.priv), keyData = { ...jwk, ext: extractable ?? jwk.ext };
  return keyData.kty !== "AKP" && delete keyData.alg, delete keyData.use, crypto.subtle.importKey("jwk", keyData, algorithm, keyData.ext ?? !isPrivate, jwk.key_ops ?? entry.usages[isPrivate ? 1 : 0]);
}
async function rawKey(key, expected, usage, extractable = false) {
  return key instanceof Uint8Array && (key = await crypto.subtle.importKey("raw", key, expected, extractable, [usage])), checkCryptoKey(key, expected, usage), key;
}

// node_modules/jose/dist/webapi/lib/key_descriptor.js
function table(entries) {
  const out = { __proto__: null };
  for (const alg in entries)
    out[alg] = { ...entries[alg], alg };
  return out;
}

// node_modules/jose/dist/webapi/lib/jws_algorithms.js
var sig = [["verify"], ["sign"]];
function hmac(bits) {
  const subtle = { name: "HMAC", hash: `SHA-${bits}` };
  return { kty: ["oct"], secret: true, subtle, signing: subtle, usages: sig };
}
function rsa(bits, saltLength) {
  const subtle = { name: saltLength ? "RSA-PSS" : "RSASSA-PKCS1-v1_5", hash: `SHA-${bits}` };
  return {
    kty: ["RSA"],
    subtle,
    signing: saltLength ? { ...subtle, saltLength } : subtle,
    usages: sig,
    minRsaBits: 2048
  };
}
function ecdsa(crv, bits) {
  return {
    kty: ["EC"],
    crv,
    subtle: { name: "ECDSA", namedCurve: crv },
    signing: { name: "ECDSA", hash: `SHA-${bits}` },
    usages: sig
  };
}
function eddsa() {
  const subtle = { name: "Ed25519" };
  return {
    kty: ["OKP"],
    crv: "Ed25519",
    subtle,
    signing: subtle,
    usages: sig
  };
}
function mldsa(parameterSet) {
  const subtle = { name: `ML-DSA-${parameterSet}` };
  return {
    kty: ["AKP"],
    subtle,
    signing: subtle,
    usages: sig
  };
}
var JWS = table({
  HS256: hmac(256),
  HS384: hmac(384),
  HS512: hmac(512),
  RS256: rsa(256),
  RS384: rsa(384),
  RS512: rsa(512),
  PS256: rsa(256, 32),
  PS384: rsa(384, 48),
  PS512: rsa(512, 64),
  ES256: ecdsa("P-256", 256),
  ES384: ecdsa("P-384", 384),
  ES512: ecdsa("P-521", 512),
  EdDSA: eddsa(),
  Ed25519: eddsa(),
  "ML-DSA-44": mldsa(44),
  "ML-DSA-65": mldsa(65),
  "ML-DSA-87": mldsa(87)
});
function jwsAlgorithm(alg) {
  const entry = typeof alg == "string" ? JWS[alg] : void 0;
  if (!entry)
    throw new JOSENotSupported(`alg ${alg} is not supported either by JOSE or your javascript runtime`);
  return entry;
}

// node_modules/jose/dist/webapi/lib/jws_verify.js
function prepareVerify(options) {
  return [options && validateAlgorithms("algorithms", options.algorithms), options?.crit];
}
function parseProtectedHeader(encodedProtectedHeader) {
  return encodedProtectedHeader === void 0 ? {} : parseJoseHeader(encodedProtectedHeader, JWSInvalid, "JWS Protected Header is invalid");
}
function encodeCompactUnencodedPayload(payload) {
  try {
    return encode(payload);
  } catch (cause) {
    throw new JWSInvalid("JWS Compact Serialization payload must use only ASCII characters", {
      cause
    });
  }
}
async function verifySignature(jws, shared, key, encodeUnencodedPayload, parsedProtected) {
  const { protected: encodedProtectedHeader, header, payload: inputPayload } = jws, protectedHeader = parsedProtected ?? parseProtectedHeader(encodedProtectedHeader);
  if (!isDisjoint(protectedHeader, header))
    throw new JWSInvalid("JWS Protected and JWS Unprotected Header Parameter names must be disjoint");
  const joseHeader = { ...protectedHeader, ...header }, b64 = validateB64(protectedHeader, validateCrit(JWSInvalid, JWS_RECOGNIZED, shared[1], protectedHeader, joseHeader)), { alg } = joseHeader;
  if (typeof alg != "string" || !alg)
    throw new JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  if (shared[0] && !shared[0].has(alg))
    throw new JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
  if (b64) {
    if (typeof inputPayload != "string")
      throw new JWSInvalid("JWS Payload must be a string");
  } else if (typeof inputPayload != "string" && !(inputPayload instanceof Uint8Array))
    throw new JWSInvalid("JWS Payload must be a string or an Uint8Array instance");
  const signingPayload = b64 || typeof inputPayload != "string" ? inputPayload : encodeUnencodedPayload(inputPayload);
  let resolvedKey = false;
  typeof key == "function" && (key = await key(protectedHeader, jws), resolvedKey = true);
  const entry = jwsAlgorithm(alg), signingInput = concat(encodedProtectedHeader !== void 0 ? encode(encodedProtectedHeader) : new Uint8Array(), encode("."), typeof signingPayload == "string" ? shared[2] ??= encodeAsciiMember(signingPayload, "payload", JWSInvalid) : signingPayload), signature = decodeBase64url(jws.signature, "signature", JWSInvalid), verificationKey = await prepareKey(entry, key, "verify"), cryptoKey = await rawKey(verificationKey, entry.subtle, "verify");
  entry.minRsaBits && checkModulusLength(entry.alg, cryptoKey);
  let verified = false;
  try {
    verified = await crypto.subtle.verify(entry.signing, cryptoKey, signature, signingInput);
  } catch (cause) {
    throw new JWSSignatureVerificationFailed(void 0, { cause });
  }
  if (!verified)
    throw new JWSSignatureVerificationFailed();
  const result = { payload: typeof signingPayload == "string" ? decodeBase64url(signingPayload, "payload", JWSInvalid) : signingPayload };
  return encodedProtectedHeader !== void 0 && (result.protectedHeader = protectedHeader), header !== void 0 && (result.unprotectedHeader = header), resolvedKey ? [{ ...result, key: verificationKey }, b64] : [result, b64];
}
async function verifyCompact(jws, shared, key) {
  if (jws instanceof Uint8Array && (jws = decoder.decode(jws)), typeof jws != "string")
    throw new JWSInvalid("Compact JWS must be a string or Uint8Array");
  const { 0: protectedHeader, 1: payload, 2: signature, length } = jws.split(".");
  if (length !== 3)
    throw new JWSInvalid("Invalid Compact JWS");
  return verifySignature({ payload, protected: protectedHeader, signature }, shared, key, encodeCompactUnencodedPayload);
}

// node_modules/jose/dist/webapi/lib/jwt_claims_set.js
var epoch = (date) => Math.floor(date.getTime() / 1e3);
var multipliers = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31557600
};
var REGEX = /^(\+|\-)? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: (ago|from now))?$/i;
var checkFailed = "check_failed";
function invalidDuration() {
  throw new TypeError("Invalid time period format");
}
function secs(str) {
  typeof str != "string" && invalidDuration();
  const matched = REGEX.exec(str);
  (!matched || matched[4] && matched[1]) && invalidDuration();
  const value = parseFloat(matched[2]), durationSeconds = Math.round(value * multipliers[matched[3][0].toLowerCase()]);
  return Number.isFinite(durationSeconds) || invalidDuration(), matched[1] === "-" || matched[4]?.toLowerCase() === "ago" ? -durationSeconds : durationSeconds;
}
function validateInput(label, input) {
  if (!Number.isFinite(input))
    throw new TypeError(`Invalid ${label} input`);
  return input;
}
var normalizeTyp = (value) => {
  const normalized = value.toLowerCase();
  return value.includes("/") ? normalized : `application/${normalized}`;
};
var checkAudiencePresence = (audPayload, audOption) => typeof audPayload == "string" ? audOption.includes(audPayload) : Array.isArray(audPayload) ? audOption.some((aud) => audPayload.includes(aud)) : false;
function validateNumericDate(claimsSet, claim, required = false) {
  const value = claimsSet[claim];
  if (!(value === void 0 && !required)) {
    if (typeof value != "number")
      throw new JWTClaimValidationFailed(`"${claim}" claim must be a number`, claimsSet, claim, "invalid");
    return value;
  }
}
function unexpectedClaim(claimsSet, claim) {
  throw new JWTClaimValidationFailed(`unexpected "${claim}" claim value`, claimsSet, claim, checkFailed);
}
function validateClaimsSet(protectedHeader, claimsSetBytes, options = {}) {
  let claimsSet;
  try {
    claimsSet = JSON.parse(strictDecoder.decode(claimsSetBytes));
  } catch (cause) {
    throw new JWTInvalid("JWT Claims Set must be a top-level JSON object", { cause });
  }
  if (!isObject3(claimsSet))
    throw new JWTInvalid("JWT Claims Set must be a top-level JSON object");
  const { typ } = options;
  if (typ !== void 0 && (typeof protectedHeader.typ != "string" || normalizeTyp(protectedHeader.typ) !== normalizeTyp(typ)))
    throw new JWTClaimValidationFailed('unexpected "typ" JWT header value', claimsSet, "typ", checkFailed);
  const { requiredClaims = [], issuer, subject, audience, maxTokenAge } = options, presenceCheck = [...requiredClaims];
  maxTokenAge !== void 0 && presenceCheck.push("iat"), audience !== void 0 && presenceCheck.push("aud"), subject !== void 0 && presenceCheck.push("sub"), issuer !== void 0 && presenceCheck.push("iss");
  for (const claim of new Set(presenceCheck.reverse()))
    if (!Object.hasOwn(claimsSet, claim))
      throw new JWTClaimValidationFailed(`missing required "${claim}" claim`, claimsSet, claim, "missing");
  issuer !== void 0 && !(Array.isArray(issuer) ? issuer : [issuer]).includes(claimsSet.iss) && unexpectedClaim(claimsSet, "iss"), subject !== void 0 && claimsSet.sub !== subject && unexpectedClaim(claimsSet, "sub"), audience !== void 0 && !checkAudiencePresence(claimsSet.aud, typeof audience == "string" ? [audience] : audience) && unexpectedClaim(claimsSet, "aud");
  const { clockTolerance } = options;
  let tolerance = 0;
  if (typeof clockTolerance == "string")
    tolerance = secs(clockTolerance);
  else if (clockTolerance !== void 0) {
    if (typeof clockTolerance != "number")
      throw new TypeError("Invalid clockTolerance option type");
    tolerance = clockTolerance;
  }
  if (validateInput("clockTolerance option", tolerance), tolerance < 0)
    throw new TypeError("Invalid clockTolerance option input");
  const { currentDate } = options, now = validateInput("currentDate option", epoch(currentDate === void 0 ? /* @__PURE__ */ new Date() : currentDate)), iat = validateNumericDate(claimsSet, "iat", maxTokenAge !== void 0), nbf = validateNumericDate(claimsSet, "nbf");
  if (nbf !== void 0 && nbf > now + tolerance)
    throw new JWTClaimValidationFailed('"nbf" claim timestamp check failed', claimsSet, "nbf", checkFailed);
  const exp = validateNumericDate(claimsSet, "exp");
  if (exp !== void 0 && exp <= now - tolerance)
    throw new JWTExpired('"exp" claim timestamp check failed', claimsSet, "exp", checkFailed);
  if (maxTokenAge !== void 0) {
    const age = now - iat, max = validateInput("maxTokenAge option", typeof maxTokenAge == "number" ? maxTokenAge : secs(maxTokenAge));
    if (max < 0)
      throw new TypeError("Invalid maxTokenAge option input");
    if (age - tolerance > max)
      throw new JWTExpired('"iat" claim timestamp check failed (too far in the past)', claimsSet, "iat", checkFailed);
    if (age < -tolerance)
      throw new JWTClaimValidationFailed('"iat" claim timestamp check failed (it should be in the past)', claimsSet, "iat", checkFailed);
  }
  return claimsSet;
}

// node_modules/jose/dist/webapi/jwt/verify.js
async function jwtVerify(jwt, key, options) {
  const [verified, b64] = await verifyCompact(jwt, prepareVerify(options), key);
  if (!b64)
    throw new JWTInvalid("JWTs MUST NOT use unencoded payload");
  const payload = validateClaimsSet(verified.protectedHeader, verified.payload, options);
  return { ...verified, payload };
}

// node_modules/jose/dist/webapi/jwks/local.js
function isUsableJWK(jwk, entry, alg, kid) {
  const { kty, key_ops: keyOps, ext, kid: jwkKid, alg: jwkAlg, use, crv } = jwk;
  return (ext === void 0 || typeof ext == "boolean") && (keyOps === void 0 || Array.isArray(keyOps) && keyOps.every((operation, index) => typeof operation == "string" && keyOps.indexOf(operation) === index) && keyOps.includes("verify")) && entry.kty.includes(kty) && (kid === void 0 || typeof kid == "string" && kid === jwkKid) && (jwkAlg === void 0 ? kty !== "AKP" : alg === jwkAlg) && (use === void 0 || use === "sig") && (!entry.crv || crv === entry.crv);
}
async function importWithAlgCache(cache2, jwk, entry) {
  const cached = cache2.get(jwk) || cache2.set(jwk, {}).get(jwk), { alg } = entry;
  if (cached[alg] === void 0) {
    const pending = jwkToKey(entry, jwk, true).then((key) => {
      if (key.type !== "public")
        throw new JWKSInvalid("JSON Web Key Set members must be public keys");
      return cached[alg] = key, key;
    }).catch((error) => {
      throw cached[alg] === pending && delete cached[alg], error;
    });
    cached[alg] = pending;
  }
  return cached[alg];
}
function createLocalJWKSet(jwks) {
  let snapshot;
  try {
    snapshot = structuredClone(jwks);
  } catch (cause) {
    throw new JWKSInvalid("JSON Web Key Set malformed", { cause });
  }
  if (!isJwkSet(snapshot))
    throw new JWKSInvalid("JSON Web Key Set malformed");
  const metadata = snapshot.keys.map((jwk) => {
    const normalized = snapshotJwk(jwk);
    return Array.isArray(normalized.key_ops) && (normalized.key_ops = [...normalized.key_ops]), normalized;
  }), cached = /* @__PURE__ */ new WeakMap();
  return Object.defineProperty(async (protectedHeader, token) => {
    const { alg, kid } = { ...protectedHeader, ...token?.header }, entry = typeof alg == "string" ? JWS[alg] : void 0;
    if (!entry || entry.secret)
      throw new JOSENotSupported('Unsupported "alg" value for a JSON Web Key Set');
    const candidates = snapshot.keys.filter((_, index) => isUsableJWK(metadata[index], entry, alg, kid)), { 0: jwk, length } = candidates;
    if (!length)
      throw new JWKSNoMatchingKey();
    if (length !== 1) {
      const error = new JWKSMultipleMatchingKeys();
      throw error[Symbol.asyncIterator] = async function* () {
        for (const jwk2 of candidates)
          try {
            yield await importWithAlgCache(cached, jwk2, entry);
          } catch {
          }
      }, error;
    }
    return importWithAlgCache(cached, jwk, entry);
  }, "jwks", {
    value: () => structuredClone(snapshot)
  });
}

// node_modules/jose/dist/webapi/jwks/remote.js
function isCloudflareWorkers() {
  return typeof WebSocketPair < "u" || typeof navigator < "u" && navigator.userAgent === "Cloudflare-Workers" || typeof EdgeRuntime < "u" && EdgeRuntime === "vercel";
}
var USER_AGENT;
(typeof navigator > "u" || !navigator.userAgent?.startsWith?.("Mozilla/5.0 ")) && (USER_AGENT = "jose/v6.2.18");
var customFetch = /* @__PURE__ */ Symbol();
async function fetchJwks(url2, headers, signal, fetchImpl = fetch) {
  const response = await fetchImpl(url2, {
    method: "GET",
    signal,
    redirect: "manual",
    headers
  }).catch((err) => {
    throw err.name === "TimeoutError" ? new JWKSTimeout(void 0, { cause: err }) : err;
  });
  if (response.status !== 200)
    throw new JOSEError("Expected 200 OK from the JSON Web Key Set HTTP response");
  try {
    return await response.json();
  } catch (cause) {
    throw signal.aborted ? new JWKSTimeout(void 0, { cause }) : new JOSEError("Failed to parse the JSON Web Key Set HTTP response as JSON", { cause });
  }
}
var jwksCache = /* @__PURE__ */ Symbol();
function isFreshFor(timestamp, duration) {
  return Number.isFinite(timestamp) && Date.now() < timestamp + duration;
}
function validateDuration(value, fallback, option) {
  if (Number.isNaN(value))
    throw new TypeError(`"${option}" option must not be NaN`);
  if (typeof value == "number" && value < 0)
    throw new TypeError(`"${option}" option must not be negative`);
  return typeof value == "number" ? value : fallback;
}
function createRemoteJWKSet(url2, options) {
  if (!(url2 instanceof URL))
    throw new TypeError("url must be an instance of URL");
  const href = new URL(url2.href).href, opts = options ?? {}, timeoutOption = opts.timeoutDuration;
  if (typeof timeoutOption == "number" && (!Number.isInteger(timeoutOption) || timeoutOption < 0))
    throw new TypeError('"timeoutDuration" option must be a non-negative integer');
  const timeoutDuration = typeof timeoutOption == "number" ? timeoutOption : 5e3, cooldownDuration = validateDuration(opts.cooldownDuration, 3e4, "cooldownDuration"), cacheMaxAge = validateDuration(opts.cacheMaxAge, 6e5, "cacheMaxAge"), headers = new Headers(opts.headers);
  USER_AGENT && !headers.has("User-Agent") && headers.set("User-Agent", USER_AGENT), headers.has("accept") || headers.set("accept", "application/json, application/jwk-set+json");
  const fetchImpl = opts[customFetch], cache2 = opts[jwksCache];
  let jwksTimestamp, pendingFetch, reloadSequence = 0, appliedSequence = 0, local;
  if (cache2 && typeof cache2 == "object") {
    const { uat, jwks } = cache2;
    isFreshFor(uat, cacheMaxAge) && isJwkSet(jwks) && (jwksTimestamp = uat, local = createLocalJWKSet(jwks));
  }
  const reload = async () => {
    if (pendingFetch && isCloudflareWorkers() && (pendingFetch = void 0), !pendingFetch) {
      const sequence = ++reloadSequence, current = pendingFetch = fetchJwks(href, headers, AbortSignal.timeout(timeoutDuration), fetchImpl).then((json) => {
        const next = createLocalJWKSet(json);
        if (sequence <= appliedSequence)
          return;
        local = next;
        const updatedAt = Date.now();
        cache2 && (cache2.uat = updatedAt, cache2.jwks = json), jwksTimestamp = updatedAt, appliedSequence = sequence;
      }).finally(() => {
        pendingFetch === current && (pendingFetch = void 0);
      });
    }
    await pendingFetch;
  };
  return Object.defineProperties(async (protectedHeader, token) => {
    (!local || !isFreshFor(jwksTimestamp, cacheMaxAge)) && await reload();
    try {
      return await local(protectedHeader, token);
    } catch (err) {
      if (err instanceof JWKSNoMatchingKey && !isFreshFor(jwksTimestamp, cooldownDuration))
        return await reload(), local(protectedHeader, token);
      throw err;
    }
  }, {
    coolingDown: {
      get: () => isFreshFor(jwksTimestamp, cooldownDuration),
      enumerable: true
    },
    fresh: {
      get: () => isFreshFor(jwksTimestamp, cacheMaxAge),
      enumerable: true
    },
    reload: {
      value: reload,
      enumerable: true
    },
    reloading: {
      get: () => !!pendingFetch,
      enumerable: true
    },
    jwks: {
      value: () => local?.jwks(),
      enumerable: true
    }
  });
}

// src/broker/verify.ts
var SKEW_SECONDS = 30;
var MAX_AGE_SECONDS = 600;
var REQUIRED = ["exp", "iat", "jti", "repository", "repository_id", "repository_owner_id", "ref", "event_name", "run_id", "run_attempt"];
var TokenError = class extends Error {
  name = "TokenError";
};
var IssuerError = class extends Error {
  name = "IssuerError";
};
function createVerifier({ issuer, audience, now }) {
  let keys;
  return async (token) => {
    keys ??= discover(issuer).catch((error) => {
      keys = void 0;
      throw error;
    });
    const jwks = await keys;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        algorithms: ["RS256"],
        issuer,
        audience,
        requiredClaims: REQUIRED,
        clockTolerance: SKEW_SECONDS,
        maxTokenAge: MAX_AGE_SECONDS,
        currentDate: new Date(now())
      }));
    } catch (error) {
      throw explain(error, { issuer, audience });
    }
    if (payload.aud !== audience) throw new TokenError(`the token's audience must be exactly \`${audience}\`, not a list.`);
    return claims(payload);
  };
}
async function discover(issuer) {
  const url2 = `${issuer}/.well-known/openid-configuration`;
  let document;
  try {
    const response = await fetch(url2, { signal: AbortSignal.timeout(5e3) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    document = await response.json();
  } catch (error) {
    throw new IssuerError(`could not read the issuer's discovery document ${url2}: ${error.message}`);
  }
  const jwksUri = typeof document.jwks_uri === "string" ? new URL(document.jwks_uri) : void 0;
  if (document.issuer !== issuer || !jwksUri || credentialUrlProblem(jwksUri)) {
    throw new IssuerError(`the discovery document ${url2} names another issuer or no https jwks_uri`);
  }
  return createRemoteJWKSet(jwksUri);
}
function explain(error, { issuer, audience }) {
  const tooOld = `the token was issued in the future or more than ${MAX_AGE_SECONDS / 60} minutes ago: request a fresh one.`;
  if (error instanceof errors_exports.JWTExpired) {
    return new TokenError(error.claim === "iat" ? tooOld : "the token has expired: request a fresh one right before calling the broker (GitHub's live 5 minutes).");
  }
  if (error instanceof errors_exports.JWTClaimValidationFailed) {
    if (error.reason === "missing") return new TokenError(`the token has no \`${error.claim}\` claim.`);
    const problems = {
      iss: `the token was not issued by ${issuer}, the issuer this broker trusts.`,
      aud: `the token's audience is not \`${audience}\`: request it with that audience (\`audience\` input, \`core.getIDToken('${audience}')\`).`,
      nbf: "the token is not valid yet: check the clocks.",
      iat: tooOld
    };
    return new TokenError(problems[error.claim] ?? `the token's \`${error.claim}\` claim is not acceptable.`);
  }
  if (error instanceof errors_exports.JOSEAlgNotAllowed) return new TokenError("the token is not signed with RS256, the only algorithm accepted.");
  if (error instanceof errors_exports.JWKSNoMatchingKey) return new TokenError("the token's signing key is not one the issuer publishes.");
  if (error instanceof errors_exports.JWSSignatureVerificationFailed) return new TokenError("the token's signature does not verify against the issuer's keys.");
  if (error instanceof errors_exports.JWKSTimeout || error instanceof errors_exports.JWKSInvalid || error instanceof TypeError) {
    return new IssuerError(`could not fetch the issuer's signing keys: ${error.message}`);
  }
  return new TokenError("the bearer value is not a valid signed JWT.");
}
function claims(payload) {
  const names = ["iss", "jti", "repository", "repository_id", "repository_owner_id", "ref", "environment", "event_name", "workflow_ref", "job_workflow_ref", "run_id", "run_attempt"];
  const picked = {};
  for (const name of names) {
    const value = payload[name];
    if (typeof value === "string") picked[name] = value;
  }
  return picked;
}

// src/broker/broker.ts
var Refusal = class extends Error {
  constructor(status, message2) {
    super(message2);
    this.status = status;
  }
  status;
};
var ERROR_IDS = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  500: "misconfigured",
  502: "bad_gateway"
};
var RETRY = { maxAttempts: 3, baseMs: 300, capMs: 2e3, budgetMs: 1e4 };
var SEEN_MAX = 1e3;
function createBroker({ env, clock, write }) {
  let config;
  try {
    config = readConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logEvent(write, clock.now(), "refused-configuration", error.message);
    return async (event) => answer(readEvent(event).method === "POST" ? "mint" : "delete", write, clock, new Refusal(500, `The broker refuses to start: ${error.message}`));
  }
  const { policy, issuer, audience, apiUrl, token } = config;
  const verify = createVerifier({ issuer, audience, now: clock.now });
  const log = (message2) => logEvent(write, clock.now(), "digitalocean", message2);
  const transport = new Transport({ baseUrl: apiUrl, token, clock, log, retry: RETRY, userAgent: "functions-access-key-broker" });
  const client = new DigitalOceanClient(transport, log);
  const seen = /* @__PURE__ */ new Map();
  async function authenticate(request2, decision) {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request2.headers.authorization ?? "")?.[1];
    if (!bearer) throw new Refusal(401, "Send the GitHub OIDC token as `Authorization: Bearer <token>` (the workflow needs `permissions: id-token: write`).");
    let claims2;
    try {
      claims2 = await verify(bearer);
    } catch (error) {
      if (error instanceof TokenError) throw new Refusal(401, `The OIDC token was refused: ${error.message}`);
      if (error instanceof IssuerError) throw new Refusal(502, `The broker could not check the token: ${error.message}`);
      throw error;
    }
    const { repository, repository_id, run_id, run_attempt, ref, event_name, environment } = claims2;
    Object.assign(decision, { repository, repository_id, run_id, run_attempt, ref, event_name, environment });
    return { claims: claims2, rules: matchingRules(policy, claims2) };
  }
  async function mint(request2, decision) {
    const { namespace: wanted, expiration, hours } = mintRequest(request2.body);
    const { claims: claims2, rules } = await authenticate(request2, decision);
    const denied = new Refusal(403, `No rule grants namespace ${wanted} to ${describeCaller(claims2)}.`);
    if (!rules.length) throw denied;
    const namespaces = await client.listNamespaces();
    const mine = namespaces.filter((namespace2) => rules.some((rule2) => grants(rule2, namespace2)));
    const matches = mine.filter((namespace2) => namespace2.namespace === wanted.toLowerCase() || namespace2.label === wanted);
    if (!matches.length) throw denied;
    if (matches.length > 1) throw new Refusal(400, `Several namespaces are labelled ${wanted} (${ids(matches)}): ask for one by its ID.`);
    const namespace = matches[0];
    decision.namespace = namespace.namespace;
    const granting = rules.filter((rule2) => grants(rule2, namespace));
    const rule = granting.find((candidate) => candidate.maxHours >= hours);
    if (!rule) {
      const most = granting.reduce((a, b) => b.maxHours > a.maxHours ? b : a);
      throw new Refusal(403, `Rule ${most.name} grants namespace ${wanted} to this workflow for at most ${most.maxExpiration}, not ${expiration}: ask for ${most.maxExpiration} or less.`);
    }
    decision.rule = rule.name;
    const name = keyName(claims2);
    const used = seen.get(name) ?? (await findMinted(client, mine, claims2))?.id;
    if (used) throw replayed(used);
    const key = await mintKey(client, clock, { namespace, claims: claims2, expiresIn: expiration, hours }).catch((error) => {
      throw error instanceof ApiError && error.status === 409 ? replayed("being minted") : error;
    });
    seen.set(name, key.id);
    if (seen.size > SEEN_MAX) seen.delete(seen.keys().next().value);
    Object.assign(decision, { key_id: key.id, key_name: key.name, expires_at: key.expires_at ?? void 0 });
    const { label, region, api_host } = namespace;
    return [201, { id: key.id, name: key.name, secret: key.secret, expires_at: key.expires_at, created_at: key.created_at, namespace: namespace.namespace, label, region, api_host }];
  }
  async function remove(request2, keyId, decision) {
    const namespace = request2.query.get("namespace") ?? "";
    if (!/^fn-[0-9a-f-]{36}$/i.test(namespace)) throw new Refusal(400, "Say which namespace the key is in: `?namespace=<fn-\u2026 ID>` (the `namespace` the key was minted with).");
    Object.assign(decision, { namespace, key_id: keyId });
    const { claims: claims2, rules } = await authenticate(request2, decision);
    if (!rules.length) throw new Refusal(403, `No rule of the broker's policy matches ${describeCaller(claims2)}.`);
    const keys = await client.listKeys(namespace.toLowerCase()).catch((error) => {
      throw error instanceof ApiError && error.status === 404 ? new Refusal(404, `The account has no namespace ${namespace}.`) : error;
    });
    const key = keys.find((candidate) => candidate.id === keyId);
    if (!key) throw new Refusal(404, `Namespace ${namespace} has no key ${keyId}: it is already gone.`);
    decision.key_name = key.name;
    if (!mintedForRun(key.name, claims2)) {
      throw new Refusal(403, `Key ${keyId} was not minted by this broker for run ${claims2.run_id} (attempt ${claims2.run_attempt}) of ${claims2.repository}: it is not yours to delete.`);
    }
    if (!await client.deleteKey(namespace.toLowerCase(), keyId)) throw new Refusal(404, `Key ${keyId} is already gone.`);
    return [200, { deleted: keyId }];
  }
  return async (event) => {
    const request2 = readEvent(event);
    const deleting = /^\/keys\/([^/]+)$/.exec(request2.path);
    const action = request2.method === "POST" ? "mint" : "delete";
    const decision = { request_id: (0, import_node_crypto2.randomUUID)(), action, decision: "allowed", status: 0 };
    try {
      if (request2.path === "/keys" && request2.method === "POST") return reply(write, clock, decision, ...await mint(request2, decision));
      if (deleting && request2.method === "DELETE") return reply(write, clock, decision, ...await remove(request2, decodeURIComponent(deleting[1]), decision));
      throw new Refusal(request2.path === "/keys" || deleting ? 405 : 404, "The broker serves `POST /keys` and `DELETE /keys/<id>?namespace=<fn-\u2026>`.");
    } catch (error) {
      return reply(write, clock, decision, ...refusal(error));
    }
  };
}
function mintRequest(body) {
  let json;
  try {
    json = JSON.parse(body);
  } catch {
    json = void 0;
  }
  const fields = typeof json === "object" && json !== null && !Array.isArray(json) ? json : void 0;
  const { namespace, expiration = "1h" } = fields ?? {};
  if (typeof namespace !== "string" || !namespace || namespace.length > 255 || /[\u0000-\u001f\u007f]/.test(namespace)) {
    throw new Refusal(400, 'Send a JSON body `{ "namespace": "<ID or label>", "expiration": "1h" }`.');
  }
  const hours = typeof expiration === "string" ? parseHours(expiration) : void 0;
  if (hours === void 0 || hours > MAX_MINT_HOURS) {
    throw new Refusal(400, `\`expiration\` must be \`<int>h\` from 1h to ${MAX_MINT_HOURS}h (e.g. \`1h\`), not ${JSON.stringify(expiration)}.`);
  }
  return { namespace, expiration, hours };
}
function replayed(keyId) {
  return new Refusal(409, `This OIDC token was already used (key ${keyId}): request a fresh token for every key.`);
}
function ids(namespaces) {
  return namespaces.map((namespace) => namespace.namespace).join(", ");
}
function refusal(error) {
  if (error instanceof Refusal) return [error.status, { message: error.message }];
  if (error instanceof ApiError || error instanceof ExpiryError) return [502, { message: `DigitalOcean: ${error.message}` }];
  return [500, { message: `The broker failed: ${error instanceof Error ? error.message : String(error)}` }];
}
function reply(write, clock, decision, status, body) {
  decision.status = status;
  const failed = status >= 400;
  decision.decision = status >= 500 ? "failed" : failed ? "denied" : "allowed";
  const payload = failed ? { id: ERROR_IDS[status], request_id: decision.request_id, ...body } : { ...body, request_id: decision.request_id };
  if (failed) decision.reason = body.message;
  logDecision(write, clock.now(), decision);
  return { statusCode: status, headers: { "content-type": "application/json", "cache-control": "no-store" }, body: JSON.stringify(payload) };
}
function answer(action, write, clock, error) {
  return reply(write, clock, { request_id: (0, import_node_crypto2.randomUUID)(), action, decision: "failed", status: 0 }, ...refusal(error));
}

// src/broker/main.ts
var broker;
async function main(event) {
  broker ??= createBroker({ env: process.env, clock: systemClock, write: (line) => console.log(line) });
  return broker(event);
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  main
});
