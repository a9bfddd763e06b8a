"""Sign-up with e-mail verification, and e-mail log-in, on top of Django's own auth views.

Django's login, logout, password change and password reset views are well kept and
already translated into Vietnamese; only sign-up and the verification link are ours.
"""
