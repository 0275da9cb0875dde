"""Built-in credentials of the embedded simulator, so ``--demo`` works with no flags.

They are demo values for a loopback server, not secrets; the simulator prints them on start.
"""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PROJECT_ID = "0b5c1d2e3f4a5b6c7d8e9f0a1b2c3d4e"
DEFAULT_DOMAIN_ID = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
DEFAULT_AK = "SIMULATORACCESSKEY01"
DEFAULT_SK = "simulator-secret-key-not-for-production-use"
DEFAULT_TOKEN = "sim-static-token-0123456789abcdef"
DEFAULT_IAM_USER = "sim-user"
DEFAULT_IAM_PASSWORD = "sim-password"
DEFAULT_IAM_DOMAIN = "sim-account"
DEFAULT_SEED = 7
DEFAULT_HISTORY = 40
