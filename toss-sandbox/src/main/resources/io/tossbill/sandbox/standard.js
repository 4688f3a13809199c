/*
 * toss-sandbox stand-in for https://js.tosspayments.com/v2/standard (billing registration only).
 * Load it from the sandbox: <script src="{sandbox origin}{base path}/v2/standard"></script>
 */
(function (global) {
  'use strict';
  var script = document.currentScript;
  var scriptUrl = new URL(script && script.src ? script.src : global.location.href);
  var windowUrl = scriptUrl.origin + scriptUrl.pathname.replace(/\/v2\/standard\/?$/, '') + '/_sandbox/billing-auth';
  var ANONYMOUS = '@@ANONYMOUS';
  var SECRET_KEY = /^(test|live)_g?sk_/;

  function sdkError(name, code, message) {
    var error = new Error(message);
    error.name = name;
    error.code = code;
    return error;
  }

  function isAbsoluteHttpUrl(value) {
    if (typeof value !== 'string') {
      return false;
    }
    try {
      var url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch (e) {
      return false;
    }
  }

  function optionalText(value, max) {
    return value === undefined || value === null || (typeof value === 'string' && value.length <= max);
  }

  function TossPayments(clientKey) {
    if (typeof clientKey === 'string' && SECRET_KEY.test(clientKey)) {
      throw sdkError('InsecureKeyUsageError', 'INSECURE_KEY_USAGE',
          '시크릿 키는 브라우저에서 사용할 수 없습니다. 클라이언트 키를 사용하세요.');
    }
    if (typeof clientKey !== 'string' || !/^test_ck_\S+$/.test(clientKey)) {
      throw sdkError('InvalidClientKeyError', 'INVALID_CLIENT_KEY',
          '잘못된 클라이언트 키입니다. 샌드박스는 test_ck_ 로 시작하는 클라이언트 키만 받습니다.');
    }
    return {
      payment: function (options) {
        var customerKey = options ? options.customerKey : undefined;
        if (typeof customerKey === 'string' && SECRET_KEY.test(customerKey)) {
          throw sdkError('InsecureKeyUsageError', 'INSECURE_KEY_USAGE',
              'customerKey에 시크릿 키를 사용할 수 없습니다.');
        }
        if (typeof customerKey !== 'string' || customerKey === ANONYMOUS
            || !/^[a-zA-Z0-9\-_=.@]{2,300}$/.test(customerKey)) {
          throw sdkError('InvalidCustomerKeyError', 'INVALID_CUSTOMER_KEY',
              '자동결제에는 영문 대소문자, 숫자, 특수문자(-, _, =, ., @)로 된 2자 이상 300자 이하의 customerKey가 필요합니다.');
        }
        return {
          requestBillingAuth: function (request) {
            return new Promise(function (resolve, reject) {
              if (!request || request.method !== 'CARD') {
                reject(sdkError('NotSupportedMethodError', 'NOT_SUPPORTED_METHOD',
                    '샌드박스는 method: \'CARD\' 자동결제 등록만 지원합니다.'));
                return;
              }
              if (!isAbsoluteHttpUrl(request.successUrl)) {
                reject(sdkError('IncorrectSuccessUrlFormatError', 'INCORRECT_SUCCESS_URL_FORMAT',
                    'successUrl은 origin을 포함한 절대 URL이어야 합니다.'));
                return;
              }
              if (!isAbsoluteHttpUrl(request.failUrl)) {
                reject(sdkError('IncorrectFailUrlFormatError', 'INCORRECT_FAIL_URL_FORMAT',
                    'failUrl은 origin을 포함한 절대 URL이어야 합니다.'));
                return;
              }
              if (!optionalText(request.customerEmail, 100) || !optionalText(request.customerName, 100)
                  || (request.windowTarget != null && request.windowTarget !== 'iframe' && request.windowTarget !== 'self')) {
                reject(sdkError('InvalidParametersError', 'INVALID_PARAMETERS',
                    'customerEmail, customerName은 100자 이하, windowTarget은 iframe 또는 self여야 합니다.'));
                return;
              }
              var params = new URLSearchParams();
              params.set('clientKey', clientKey);
              params.set('customerKey', customerKey);
              params.set('successUrl', request.successUrl);
              params.set('failUrl', request.failUrl);
              if (request.customerEmail) {
                params.set('customerEmail', request.customerEmail);
              }
              if (request.customerName) {
                params.set('customerName', request.customerName);
              }
              // Like the real SDK in redirect mode: the browser leaves the page, the Promise never settles.
              global.location.assign(windowUrl + '?' + params.toString());
            });
          }
        };
      }
    };
  }

  TossPayments.ANONYMOUS = ANONYMOUS;
  global.TossPayments = TossPayments;
  global.loadTossPayments = function (clientKey) {
    return new Promise(function (resolve) {
      resolve(TossPayments(clientKey));
    });
  };
})(window);
