"""Classroom rooms (issue 12; protocol in shared/protocol/class.md): one teacher, a class, one experiment.

model.py (the one schema of bodies and records), codes.py (codes, tokens), store.py (the RoomStore interface),
memory.py / redis_store.py (its two implementations), hub.py (this process's store), results.py (the
teacher's view of the students), report.py (a student's report, made on the training thread),
private_redis.py (the redis-server `serve --workers N` starts for itself).
"""
