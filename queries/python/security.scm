; Security: JWTs, OAuth 2, password storage, encryption and CORS.

((import_statement name: [(dotted_name) @jwt (aliased_import name: (dotted_name) @jwt)])
  (#match? @jwt "^(jwt|jose)(\\.|$)"))
((import_from_statement module_name: (dotted_name) @jwt)
  (#match? @jwt "^(jwt|jose|rest_framework_simplejwt)(\\.|$)"))
((call function: (attribute) @jwt)
  (#resolves-to? @jwt "jwt.encode" "jwt.decode" "jose.jwt.encode" "jose.jwt.decode"))
((identifier) @jwt
  (#any-of? @jwt "JWTAuthentication" "TokenObtainPairView" "TokenRefreshView")
  (#resolves-to? @jwt "rest_framework_simplejwt.*")
  (#reference? @jwt))
((string (string_content) @jwt)
  (#match? @jwt "^rest_framework_simplejwt(\\.|$)"))

((identifier) @oauth2
  (#any-of? @oauth2 "OAuth2PasswordBearer" "OAuth2PasswordRequestForm" "OAuth2AuthorizationCodeBearer")
  (#resolves-to? @oauth2 "fastapi.security.*")
  (#reference? @oauth2))
((import_statement name: (dotted_name) @oauth2)
  (#match? @oauth2 "^(authlib|oauthlib)(\\.|$)"))
((import_from_statement module_name: (dotted_name) @oauth2)
  (#match? @oauth2 "^(authlib|oauthlib)(\\.|$)"))

((call function: [(identifier) (attribute)] @password-hashing)
  (#resolves-to? @password-hashing
    "django.contrib.auth.hashers.make_password" "django.contrib.auth.hashers.check_password"
    "bcrypt.hashpw" "bcrypt.checkpw" "bcrypt.gensalt" "passlib.context.CryptContext"
    "argon2.PasswordHasher" "hashlib.pbkdf2_hmac" "hashlib.scrypt"))

; md5/sha1/sha256 over something named like a password: fast hashes are brute-forced.
((call
   function: [(identifier) (attribute)] @_fn
   arguments: (argument_list) @_args) @weak-password-hash
  (#match? @_args "(?i)passw(or)?d")
  (#resolves-to? @_fn "hashlib.md5" "hashlib.sha1" "hashlib.sha256" "hashlib.sha512"))

((call function: [(identifier) (attribute)] @encryption)
  (#resolves-to? @encryption "cryptography.fernet.Fernet" "cryptography.fernet.Fernet.generate_key"
    "cryptography.fernet.MultiFernet" "cryptography.hazmat.primitives.ciphers.*"))

((identifier) @cors
  (#eq? @cors "CORSMiddleware")
  (#resolves-to? @cors "fastapi.middleware.cors.CORSMiddleware" "starlette.middleware.cors.CORSMiddleware")
  (#reference? @cors))
((string (string_content) @cors)
  (#match? @cors "^corsheaders(\\.|$)"))
((expression_statement (assignment left: (identifier) @cors))
  (#any-of? @cors "CORS_ALLOWED_ORIGINS" "CORS_ALLOW_ALL_ORIGINS" "CORS_ORIGIN_WHITELIST"
    "CORS_ALLOWED_ORIGIN_REGEXES" "CORS_ALLOW_CREDENTIALS")
  (#module-level? @cors))
((call function: [(identifier) (attribute)] @oauth2)
  (#resolves-to? @oauth2 "authlib.*" "oauthlib.*" "requests_oauthlib.*")
  (#not-resolves-match? @oauth2 "OAuth1"))
