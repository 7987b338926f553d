"""Login at start, the first-run wizard, password change and the idle lock (登录与锁屏)."""
