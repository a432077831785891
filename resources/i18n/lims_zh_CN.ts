<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>AdminView</name>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Roles</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>启用</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>账户</translation>
        </message>
        <message>
            <source>Failed log-ins</source>
            <translation>登录失败次数</translation>
        </message>
        <message>
            <source>Add user…</source>
            <translation>添加用户…</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>编辑…</translation>
        </message>
        <message>
            <source>Unlock</source>
            <translation>解锁</translation>
        </message>
        <message>
            <source>Reset password…</source>
            <translation>重置密码…</translation>
        </message>
        <message>
            <source>Reload</source>
            <translation>重新读取</translation>
        </message>
        <message>
            <source>Lock an account after this many failed log-ins in a row</source>
            <translation>连续登录失败达到此次数时锁定账户</translation>
        </message>
        <message>
            <source>Apply</source>
            <translation>应用</translation>
        </message>
        <message>
            <source>Locked</source>
            <translation>已锁定</translation>
        </message>
        <message>
            <source>Normal</source>
            <translation>正常</translation>
        </message>
        <message>
            <source>User {user} added</source>
            <translation>已添加用户 {user}</translation>
        </message>
        <message>
            <source>User {user} saved</source>
            <translation>已保存用户 {user}</translation>
        </message>
        <message>
            <source>The password of {user} was reset</source>
            <translation>已重置用户 {user} 的密码</translation>
        </message>
        <message>
            <source>User {user} unlocked</source>
            <translation>已解锁用户 {user}</translation>
        </message>
        <message>
            <source>Accounts are now locked after {n} failed log-ins</source>
            <translation>现在连续登录失败 {n} 次将锁定账户</translation>
        </message>
    </context>
    <context>
        <name>AuditView</name>
        <message>
            <source>No.</source>
            <translation>序号</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>User</source>
            <translation>用户</translation>
        </message>
        <message>
            <source>Workstation</source>
            <translation>工作站</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>记录类型</translation>
        </message>
        <message>
            <source>Record ID</source>
            <translation>记录号</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>操作</translation>
        </message>
        <message>
            <source>Changes</source>
            <translation>变更内容</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>All records</source>
            <translation>全部记录类型</translation>
        </message>
        <message>
            <source>All users</source>
            <translation>全部用户</translation>
        </message>
        <message>
            <source>From</source>
            <translation>起始日期</translation>
        </message>
        <message>
            <source>To</source>
            <translation>截止日期</translation>
        </message>
        <message>
            <source>Verify chain</source>
            <translation>校验审计链</translation>
        </message>
        <message>
            <source>Recompute the hash chain of every audit event to find events edited or removed outside the application</source>
            <translation>重新计算每条审计记录的哈希链，找出在本程序之外被修改或删除的记录</translation>
        </message>
        <message>
            <source>Events found: {n}</source>
            <translation>共 {n} 条审计记录</translation>
        </message>
        <message>
            <source>Verifying the audit chain…</source>
            <translation>正在校验审计链…</translation>
        </message>
        <message>
            <source>Audit chain intact: all {n} events verified</source>
            <translation>审计链完整：已校验全部 {n} 条记录</translation>
        </message>
        <message>
            <source>Audit chain broken at event {seq}: it was altered, inserted or removed outside the application. The {n} events before it are intact.</source>
            <translation>审计链在第 {seq} 条记录处断开：该记录在本程序之外被修改、插入或删除。此前的 {n} 条记录完整。</translation>
        </message>
    </context>
    <context>
        <name>ChangePasswordDialog</name>
        <message>
            <source>Change password</source>
            <translation>修改密码</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Current password</source>
            <translation>当前密码</translation>
        </message>
        <message>
            <source>New password</source>
            <translation>新密码</translation>
        </message>
        <message>
            <source>New password again</source>
            <translation>再次输入新密码</translation>
        </message>
        <message>
            <source>The two passwords differ</source>
            <translation>两次输入的密码不一致</translation>
        </message>
    </context>
    <context>
        <name>FirstAdminDialog</name>
        <message>
            <source>Create the first administrator</source>
            <translation>创建首个系统管理员</translation>
        </message>
        <message>
            <source>This database has no users yet. Create the administrator account now; it holds every role and can add the lab's other users.</source>
            <translation>此数据库尚无用户。请先创建系统管理员账户：该账户拥有全部角色，并可添加实验室的其他用户。</translation>
        </message>
        <message>
            <source>Create administrator</source>
            <translation>创建管理员</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>退出</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Password again</source>
            <translation>再次输入密码</translation>
        </message>
        <message>
            <source>The two passwords differ</source>
            <translation>两次输入的密码不一致</translation>
        </message>
    </context>
    <context>
        <name>InstrumentsView</name>
        <message>
            <source>Instrument</source>
            <translation>仪器</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>型号</translation>
        </message>
        <message>
            <source>Serial number</source>
            <translation>出厂编号</translation>
        </message>
        <message>
            <source>Adapter</source>
            <translation>接口适配器</translation>
        </message>
        <message>
            <source>Port</source>
            <translation>端口</translation>
        </message>
        <message>
            <source>Calibrated until</source>
            <translation>检定/校准有效期至</translation>
        </message>
        <message>
            <source>Calibration</source>
            <translation>检定/校准</translation>
        </message>
        <message>
            <source>{n} instruments, {expired} with an expired calibration</source>
            <translation>共 {n} 台仪器，其中 {expired} 台检定/校准已过期</translation>
        </message>
        <message>
            <source>No calibration record</source>
            <translation>无检定/校准记录</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>已过期</translation>
        </message>
        <message>
            <source>Valid</source>
            <translation>有效</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>Log in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>退出</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Database: {database}</source>
            <translation>数据库：{database}</translation>
        </message>
        <message>
            <source>Agricultural product testing LIMS</source>
            <translation>农产品检测实验室信息管理系统</translation>
        </message>
        <message>
            <source>Enter your user name</source>
            <translation>请输入用户名</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Agricultural product testing LIMS</source>
            <translation>农产品检测实验室信息管理系统</translation>
        </message>
        <message>
            <source>Samples</source>
            <translation>样品</translation>
        </message>
        <message>
            <source>Scope</source>
            <translation>资质范围</translation>
        </message>
        <message>
            <source>Instruments</source>
            <translation>仪器</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>报告</translation>
        </message>
        <message>
            <source>Audit trail</source>
            <translation>审计追踪</translation>
        </message>
        <message>
            <source>Administration</source>
            <translation>系统管理</translation>
        </message>
        <message>
            <source>&amp;System</source>
            <translation>系统(&amp;S)</translation>
        </message>
        <message>
            <source>Change password…</source>
            <translation>修改密码…</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>退出</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>查看(&amp;V)</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>About…</source>
            <translation>关于…</translation>
        </message>
        <message>
            <source>User: {name} ({roles})</source>
            <translation>用户：{name}（{roles}）</translation>
        </message>
        <message>
            <source>Database: {database} ({backend})</source>
            <translation>数据库：{database}（{backend}）</translation>
        </message>
        <message>
            <source>Workstation: {name}</source>
            <translation>工作站：{name}</translation>
        </message>
        <message>
            <source>Your password was changed</source>
            <translation>密码已修改</translation>
        </message>
        <message>
            <source>The new language applies the next time you start the program.</source>
            <translation>新的界面语言将在下次启动程序时生效。</translation>
        </message>
        <message>
            <source>Version {version}</source>
            <translation>版本 {version}</translation>
        </message>
        <message>
            <source>About</source>
            <translation>关于</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>错误</translation>
        </message>
    </context>
    <context>
        <name>ReportsView</name>
        <message>
            <source>Report number</source>
            <translation>报告编号</translation>
        </message>
        <message>
            <source>Sample code</source>
            <translation>样品编号</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Issued at</source>
            <translation>签发时间</translation>
        </message>
        <message>
            <source>Reports shown: {n}</source>
            <translation>显示 {n} 份报告</translation>
        </message>
        <message>
            <source>(no number until issued)</source>
            <translation>（签发时编号）</translation>
        </message>
    </context>
    <context>
        <name>ResetPasswordDialog</name>
        <message>
            <source>Reset the password of {user}</source>
            <translation>重置用户 {user} 的密码</translation>
        </message>
        <message>
            <source>Tell the user the new password in person; the old one stops working at once.</source>
            <translation>请当面告知该用户新密码；旧密码立即失效。</translation>
        </message>
        <message>
            <source>Reset password</source>
            <translation>重置密码</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>New password</source>
            <translation>新密码</translation>
        </message>
        <message>
            <source>New password again</source>
            <translation>再次输入新密码</translation>
        </message>
        <message>
            <source>The two passwords differ</source>
            <translation>两次输入的密码不一致</translation>
        </message>
    </context>
    <context>
        <name>SamplesView</name>
        <message>
            <source>Sample code</source>
            <translation>样品编号</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Producer</source>
            <translation>受检单位</translation>
        </message>
        <message>
            <source>Area</source>
            <translation>区域</translation>
        </message>
        <message>
            <source>Sampling task</source>
            <translation>抽样任务</translation>
        </message>
        <message>
            <source>Sampling date</source>
            <translation>抽样日期</translation>
        </message>
        <message>
            <source>Verdict</source>
            <translation>判定</translation>
        </message>
        <message>
            <source>All statuses</source>
            <translation>全部状态</translation>
        </message>
        <message>
            <source>Search by sample code or producer</source>
            <translation>按样品编号或受检单位查找</translation>
        </message>
        <message>
            <source>Searching…</source>
            <translation>正在查找…</translation>
        </message>
        <message>
            <source>Samples found: {n}</source>
            <translation>共 {n} 个样品</translation>
        </message>
    </context>
    <context>
        <name>ScopeView</name>
        <message>
            <source>Kind</source>
            <translation>证书类别</translation>
        </message>
        <message>
            <source>Certificate number</source>
            <translation>证书编号</translation>
        </message>
        <message>
            <source>Holder</source>
            <translation>持证机构</translation>
        </message>
        <message>
            <source>Valid</source>
            <translation>有效</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Ability table</source>
            <translation>能力附表</translation>
        </message>
        <message>
            <source>Rows</source>
            <translation>行数</translation>
        </message>
        <message>
            <source>No.</source>
            <translation>序号</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>编号</translation>
        </message>
        <message>
            <source>Product / parameter</source>
            <translation>产品/项目/参数</translation>
        </message>
        <message>
            <source>Method standard</source>
            <translation>依据的标准（方法）名称及编号（含年号）</translation>
        </message>
        <message>
            <source>Limits of use</source>
            <translation>限制范围</translation>
        </message>
        <message>
            <source>Remark</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>Select a certificate to see its ability table</source>
            <translation>选择一个证书以查看其能力附表</translation>
        </message>
        <message>
            <source>Certificates</source>
            <translation>资质证书</translation>
        </message>
        <message>
            <source>No certificates are recorded yet</source>
            <translation>尚未登记资质证书</translation>
        </message>
        <message>
            <source>Ability table of {kind} {number}: loading…</source>
            <translation>{kind} {number} 的能力附表：正在读取…</translation>
        </message>
        <message>
            <source>{kind} {number} has no ability table yet</source>
            <translation>{kind} {number} 尚无能力附表</translation>
        </message>
        <message>
            <source>Ability table of {kind} {number}, version {version}: {n} rows</source>
            <translation>{kind} {number} 的能力附表，第 {version} 版：共 {n} 行</translation>
        </message>
        <message>
            <source>{start} to {end}</source>
            <translation>{start} 至 {end}</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>已过期</translation>
        </message>
        <message>
            <source>Renewal due: {n} days left</source>
            <translation>应申请复查换证：剩余 {n} 天</translation>
        </message>
        <message>
            <source>None</source>
            <translation>无</translation>
        </message>
        <message>
            <source>Version {n} ({day})</source>
            <translation>第 {n} 版（{day}）</translation>
        </message>
    </context>
    <context>
        <name>UserDialog</name>
        <message>
            <source>Add user</source>
            <translation>添加用户</translation>
        </message>
        <message>
            <source>Edit user {user}</source>
            <translation>编辑用户 {user}</translation>
        </message>
        <message>
            <source>Account active (may log in)</source>
            <translation>账户启用（可以登录）</translation>
        </message>
        <message>
            <source>Why the change is made (kept in the audit trail)</source>
            <translation>修改原因（记入审计追踪）</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Password again</source>
            <translation>再次输入密码</translation>
        </message>
        <message>
            <source>Roles</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>The two passwords differ</source>
            <translation>两次输入的密码不一致</translation>
        </message>
    </context>
    <context>
        <name>errors</name>
        <message>
            <source>A full name is 1-100 characters</source>
            <translation>姓名须为 1-100 个字符</translation>
        </message>
        <message>
            <source>A password may not be the user name</source>
            <translation>密码不能与用户名相同</translation>
        </message>
        <message>
            <source>A password needs at least {n} characters</source>
            <translation>密码至少需要 {n} 个字符</translation>
        </message>
        <message>
            <source>A password needs both letters and digits</source>
            <translation>密码须同时包含字母和数字</translation>
        </message>
        <message>
            <source>A user name is 2-64 letters, digits, '.', '-' or '_' (no spaces)</source>
            <translation>用户名须为 2-64 个字母、数字、“.”、“-”或“_”（不含空格）</translation>
        </message>
        <message>
            <source>A user needs at least one role</source>
            <translation>用户至少需要一个角色</translation>
        </message>
        <message>
            <source>Cannot open the database {where}: {why}</source>
            <translation>无法打开数据库 {where}：{why}</translation>
        </message>
        <message>
            <source>Cannot reach the PostgreSQL server at {host}:{port} ({why})</source>
            <translation>无法连接 PostgreSQL 服务器 {host}:{port}（{why}）</translation>
        </message>
        <message>
            <source>Every demo limit must be marked is_demo with a source starting '演示数据': {product} {parameter}</source>
            <translation>每个演示限量值都必须标记 is_demo，且来源以“演示数据”开头：{product} {parameter}</translation>
        </message>
        <message>
            <source>Give the new user at least one --role</source>
            <translation>请用 --role 为新用户至少指定一个角色</translation>
        </message>
        <message>
            <source>No demo producer makes {product}</source>
            <translation>没有演示受检单位生产 {product}</translation>
        </message>
        <message>
            <source>Not a database URL: {url}</source>
            <translation>不是有效的数据库地址：{url}</translation>
        </message>
        <message>
            <source>Standard input ended before every password was read</source>
            <translation>标准输入在读取全部密码之前已结束</translation>
        </message>
        <message>
            <source>The account {user} is locked after repeated failed log-ins; an administrator must unlock it</source>
            <translation>账户 {user} 因多次登录失败已被锁定，须由系统管理员解锁</translation>
        </message>
        <message>
            <source>The current password is wrong</source>
            <translation>当前密码错误</translation>
        </message>
        <message>
            <source>The database already has users: name the administrator who authorises this with --as</source>
            <translation>数据库中已有用户：请用 --as 指定授权此操作的系统管理员</translation>
        </message>
        <message>
            <source>The database already has users; log in as an administrator</source>
            <translation>数据库中已有用户，请以系统管理员身份登录</translation>
        </message>
        <message>
            <source>'{code}' is not a code of the form {pattern}</source>
            <translation>“{code}”不符合编号格式 {pattern}</translation>
        </message>
        <message>
            <source>'{text}' is not a number</source>
            <translation>“{text}”不是数字</translation>
        </message>
        <message>
            <source>A credit code body is 17 characters of 0-9 and A-Y without I, O, Z, S, V: '{body}'</source>
            <translation>信用代码本体应为 17 位，由 0-9 和除 I、O、Z、S、V 外的 A-Y 组成：“{body}”</translation>
        </message>
        <message>
            <source>A limit of {standard} for node {product} names no parameter</source>
            <translation>{standard} 中 {product} 的限量值未指明检测参数</translation>
        </message>
        <message>
            <source>A number of decimal places must be 0 to {most}, not {digits}</source>
            <translation>小数位数应为 0 至 {most}，不能是 {digits}</translation>
        </message>
        <message>
            <source>A reason is required to {transition} a sample that is {status}</source>
            <translation>对状态为 {status} 的样品执行 {transition} 须填写原因</translation>
        </message>
        <message>
            <source>A sequence number starts at 1, not {seq}</source>
            <translation>流水号从 1 开始，不能是 {seq}</translation>
        </message>
        <message>
            <source>A unified social credit code has 18 characters; '{code}' has {length}</source>
            <translation>统一社会信用代码应为 18 位；“{code}”为 {length} 位</translation>
        </message>
        <message>
            <source>A value cannot be negative: {text}</source>
            <translation>数值不能为负：{text}</translation>
        </message>
        <message>
            <source>A value in {source} cannot be converted to {target}: a mass fraction and a mass concentration differ by the sample's density</source>
            <translation>以 {source} 表示的数值不能换算为 {target}：质量分数与质量浓度相差样品密度</translation>
        </message>
        <message>
            <source>A value is required</source>
            <translation>请填写数值</translation>
        </message>
        <message>
            <source>Cannot {transition} a sample that is {status}</source>
            <translation>状态为 {status} 的样品不能执行 {transition}</translation>
        </message>
        <message>
            <source>Character '{char}' at position {position} is never used in a credit code (I, O, Z, S and V are left out)</source>
            <translation>第 {position} 位的字符“{char}”不用于信用代码（不使用 I、O、Z、S、V）</translation>
        </message>
        <message>
            <source>Character '{char}' at position {position} is not allowed in a credit code</source>
            <translation>第 {position} 位的字符“{char}”不允许出现在信用代码中</translation>
        </message>
        <message>
            <source>Only a finite number can be rounded, not {value}</source>
            <translation>只能修约有限数值，不能修约 {value}</translation>
        </message>
        <message>
            <source>Only an authorised signatory may approve a sample</source>
            <translation>只有授权签字人可以批准样品</translation>
        </message>
        <message>
            <source>Only the field seq takes a format (such as 06d) in the code pattern {pattern}</source>
            <translation>编号格式 {pattern} 中只有 seq 字段可带格式（如 06d）</translation>
        </message>
        <message>
            <source>Position {position} belongs to the administrative division code and must be a digit, not '{char}'</source>
            <translation>第 {position} 位属于行政区划码，应为数字，不能是“{char}”</translation>
        </message>
        <message>
            <source>Sequence {seq} does not fit the {width} digits of the pattern {pattern}: widen the pattern</source>
            <translation>流水号 {seq} 超出编号格式 {pattern} 的 {width} 位：请加宽格式</translation>
        </message>
        <message>
            <source>The LOQ ({loq}) cannot be below the LOD ({lod})</source>
            <translation>定量限（{loq}）不能低于检出限（{lod}）</translation>
        </message>
        <message>
            <source>The code pattern {pattern} is malformed: {why}</source>
            <translation>编号格式 {pattern} 有误：{why}</translation>
        </message>
        <message>
            <source>The code pattern {pattern} may show year or yy, not both</source>
            <translation>编号格式 {pattern} 只能含 year 或 yy 之一</translation>
        </message>
        <message>
            <source>The code pattern {pattern} must contain the field seq</source>
            <translation>编号格式 {pattern} 必须包含 seq 字段</translation>
        </message>
        <message>
            <source>The database already holds {users} user(s), {samples} sample(s) and {products} catalogue product(s); the demo lab is built only into an empty database</source>
            <translation>数据库中已有 {users} 个用户、{samples} 个样品和 {products} 个产品目录项；演示实验室只能建在空数据库中</translation>
        </message>
        <message>
            <source>The database {where} was written by a newer release of the LIMS (schema {schema}); install that release or newer to open it</source>
            <translation>数据库 {where} 由更新版本的本系统写入（数据库结构 {schema}）；请安装该版本或更新版本后再打开</translation>
        </message>
        <message>
            <source>The demo data file {path} is missing from this installation</source>
            <translation>本次安装缺少演示数据文件 {path}</translation>
        </message>
        <message>
            <source>The demo data refers to an unknown {what} '{key}'</source>
            <translation>演示数据引用了未知的{what}“{key}”</translation>
        </message>
        <message>
            <source>The demo generator needs at least two samplers</source>
            <translation>演示数据生成器至少需要两名抽样人员</translation>
        </message>
        <message>
            <source>The demo generator samples {product}, which has no panel</source>
            <translation>演示数据生成器抽取了 {product}，但该产品没有检测项目套餐</translation>
        </message>
        <message>
            <source>The demo panel {panel} names {parameter} by {method}, which is not a demo method</source>
            <translation>演示检测项目套餐 {panel} 用 {method} 检测 {parameter}，但该方法不是演示方法</translation>
        </message>
        <message>
            <source>The demo standards' replaced_by references form a loop or name an unknown standard: {refs}</source>
            <translation>演示标准的 replaced_by 引用构成循环或指向未知标准：{refs}</translation>
        </message>
        <message>
            <source>The demo task {task} samples no product with a panel</source>
            <translation>演示抽样任务 {task} 没有抽取任何带检测项目套餐的产品</translation>
        </message>
        <message>
            <source>The field '{name}' appears twice in the code pattern {pattern}</source>
            <translation>字段“{name}”在编号格式 {pattern} 中出现了两次</translation>
        </message>
        <message>
            <source>The format of seq must be d or 0 and a width and d (such as 06d), not '{spec}'</source>
            <translation>seq 的格式应为 d 或 0+宽度+d（如 06d），不能是“{spec}”</translation>
        </message>
        <message>
            <source>The last sequence used cannot be negative: {seq}</source>
            <translation>上一个流水号不能为负：{seq}</translation>
        </message>
        <message>
            <source>The lockout threshold is a whole number from 1 to 100</source>
            <translation>锁定阈值须为 1 到 100 之间的整数</translation>
        </message>
        <message>
            <source>The number of demo samples must be zero or more, not {n}</source>
            <translation>演示样品数量须为零或正数，不能是 {n}</translation>
        </message>
        <message>
            <source>The password is wrong</source>
            <translation>密码错误</translation>
        </message>
        <message>
            <source>The sample has no tests: assign tests before you {transition} it</source>
            <translation>该样品没有检测项目：请先分配检测项目再执行 {transition}</translation>
        </message>
        <message>
            <source>The sample's product is missing: cannot look up its limits</source>
            <translation>样品缺少产品信息，无法查找限量值</translation>
        </message>
        <message>
            <source>The sampling date must be a calendar date in the lab's time zone, not a time stamp ({value})</source>
            <translation>抽样日期应为实验室所在时区的日历日期，不能是时间戳（{value}）</translation>
        </message>
        <message>
            <source>The two passwords differ</source>
            <translation>两次输入的密码不一致</translation>
        </message>
        <message>
            <source>The user name {user} is taken</source>
            <translation>用户名 {user} 已被使用</translation>
        </message>
        <message>
            <source>The user {user} was changed on another workstation at the same moment; reload and try again</source>
            <translation>用户 {user} 刚刚在另一工作站上被同时修改；请重新读取后再试</translation>
        </message>
        <message>
            <source>The user {user} was changed on another workstation since you opened it; reload and try again</source>
            <translation>用户 {user} 在您打开后已在另一工作站上被修改；请重新读取后再试</translation>
        </message>
        <message>
            <source>The value {value} is too large</source>
            <translation>数值 {value} 过大</translation>
        </message>
        <message>
            <source>The {kind} limit of {standard} has no value</source>
            <translation>{standard} 的 {kind} 限量缺少数值</translation>
        </message>
        <message>
            <source>To {transition} a sample you need one of the roles: {roles}</source>
            <translation>执行 {transition} 需要以下角色之一：{roles}</translation>
        </message>
        <message>
            <source>Unknown field '{name}' in the code pattern {pattern}: use prefix, year, yy and seq</source>
            <translation>编号格式 {pattern} 中有未知字段“{name}”：可用 prefix、year、yy 和 seq</translation>
        </message>
        <message>
            <source>Unknown role: {role}</source>
            <translation>未知角色：{role}</translation>
        </message>
        <message>
            <source>Unknown unit '{unit}': use g/kg, mg/kg, µg/kg, mg/L or µg/L</source>
            <translation>未知单位“{unit}”：请使用 g/kg、mg/kg、µg/kg、mg/L 或 µg/L</translation>
        </message>
        <message>
            <source>Unsupported database '{backend}': use an SQLite file or postgresql+psycopg://</source>
            <translation>不支持的数据库“{backend}”：请使用 SQLite 文件或 postgresql+psycopg://</translation>
        </message>
        <message>
            <source>User {id} no longer exists</source>
            <translation>用户 {id} 已不存在</translation>
        </message>
        <message>
            <source>Wrong check character '{found}' in credit code {code}: expected '{expected}'</source>
            <translation>信用代码 {code} 的校验码“{found}”有误：应为“{expected}”</translation>
        </message>
        <message>
            <source>Wrong password. The account {user} is now locked after {n} failed log-ins; an administrator must unlock it</source>
            <translation>密码错误。账户 {user} 已连续登录失败 {n} 次，现已锁定，须由系统管理员解锁</translation>
        </message>
        <message>
            <source>Wrong user name or password</source>
            <translation>用户名或密码错误</translation>
        </message>
        <message>
            <source>Wrong user name or password ({n} attempt(s) left before the account is locked)</source>
            <translation>用户名或密码错误（再失败 {n} 次账户将被锁定）</translation>
        </message>
        <message>
            <source>You cannot deactivate your own account</source>
            <translation>不能停用自己的账户</translation>
        </message>
        <message>
            <source>You cannot remove your own administrator role</source>
            <translation>不能取消自己的系统管理员角色</translation>
        </message>
        <message>
            <source>You entered or analysed {count} of the results on this sample: another person must verify it</source>
            <translation>该样品中有 {count} 个结果由您录入或检测：须由他人审核</translation>
        </message>
        <message>
            <source>You hold no signing authorisation for {count} of the parameters on this sample</source>
            <translation>该样品中有 {count} 个参数您没有签字授权</translation>
        </message>
        <message>
            <source>Your account no longer exists</source>
            <translation>您的账户已不存在</translation>
        </message>
        <message>
            <source>{count} of {total} tests have no result yet: every test needs one before you {transition}</source>
            <translation>{total} 个检测项目中有 {count} 个尚无结果：执行 {transition} 前每项都须有结果</translation>
        </message>
        <message>
            <source>{count} tests on this sample are not verified yet</source>
            <translation>该样品还有 {count} 个检测项目未审核</translation>
        </message>
        <message>
            <source>{db} already holds a lab; the demo only fills an empty database</source>
            <translation>{db} 中已有实验室数据；演示数据只能写入空数据库</translation>
        </message>
        <message>
            <source>{path} holds tables of another application; it was left untouched</source>
            <translation>{path} 包含其他程序的数据表；未对其做任何改动</translation>
        </message>
        <message>
            <source>{path} is a folder, not a database file</source>
            <translation>{path} 是文件夹，不是数据库文件</translation>
        </message>
        <message>
            <source>{path} is not a LIMS database (not an SQLite file); it was left untouched</source>
            <translation>{path} 不是本系统的数据库（不是 SQLite 文件）；未对其做任何改动</translation>
        </message>
        <message>
            <source>{path} is not a LIMS database ({why}); it was left untouched</source>
            <translation>{path} 不是本系统的数据库（{why}）；未对其做任何改动</translation>
        </message>
        <message>
            <source>{standard} cannot leave force ({end}) before it enters force ({start})</source>
            <translation>{standard} 的废止日期（{end}）不能早于实施日期（{start}）</translation>
        </message>
        <message>
            <source>{user} does not hold the {role} role</source>
            <translation>{user} 不具有 {role} 角色</translation>
        </message>
        <message>
            <source>{where} holds tables of another application; it was left untouched</source>
            <translation>{where} 包含其他程序的数据表；未对其做任何改动</translation>
        </message>
        <message>
            <source>{where} is not a LIMS database; it was left untouched</source>
            <translation>{where} 不是本系统的数据库；未对其做任何改动</translation>
        </message>
        <message>
            <source>{year} is not a year between 1900 and 9999</source>
            <translation>{year} 不是 1900 至 9999 之间的年份</translation>
        </message>
        <message>
            <source>Something went wrong ({kind}). The details were written to the log file.</source>
            <translation>程序出错（{kind}）。详细信息已写入日志文件。</translation>
        </message>
    </context>
    <context>
        <name>labels</name>
        <message>
            <source>Awaiting receipt</source>
            <translation>待收样</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>已收样</translation>
        </message>
        <message>
            <source>Testing</source>
            <translation>检测中</translation>
        </message>
        <message>
            <source>To be reviewed</source>
            <translation>待审核</translation>
        </message>
        <message>
            <source>Reviewed</source>
            <translation>已审核</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>已批准</translation>
        </message>
        <message>
            <source>Rejected at receipt</source>
            <translation>已拒收</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>已取消</translation>
        </message>
        <message>
            <source>Invalid</source>
            <translation>无效</translation>
        </message>
        <message>
            <source>Technician</source>
            <translation>检测员</translation>
        </message>
        <message>
            <source>Reviewer</source>
            <translation>审核员</translation>
        </message>
        <message>
            <source>Authorised signatory</source>
            <translation>授权签字人</translation>
        </message>
        <message>
            <source>Lab manager</source>
            <translation>实验室主任/技术负责人</translation>
        </message>
        <message>
            <source>Administrator</source>
            <translation>系统管理员</translation>
        </message>
        <message>
            <source>Pass</source>
            <translation>合格</translation>
        </message>
        <message>
            <source>Fail</source>
            <translation>不合格</translation>
        </message>
        <message>
            <source>No limit to judge by</source>
            <translation>无判定依据</translation>
        </message>
        <message>
            <source>CMA accreditation</source>
            <translation>CMA 资质认定</translation>
        </message>
        <message>
            <source>CATL assessment</source>
            <translation>CATL 机构考核</translation>
        </message>
        <message>
            <source>Draft</source>
            <translation>草稿</translation>
        </message>
        <message>
            <source>Issued</source>
            <translation>已签发</translation>
        </message>
        <message>
            <source>Void</source>
            <translation>已作废</translation>
        </message>
        <message>
            <source>Routine monitoring</source>
            <translation>例行监测</translation>
        </message>
        <message>
            <source>Supervision sampling</source>
            <translation>监督抽查</translation>
        </message>
        <message>
            <source>Special monitoring</source>
            <translation>专项监测</translation>
        </message>
        <message>
            <source>Commissioned test</source>
            <translation>委托检验</translation>
        </message>
        <message>
            <source>Confirmation of a rapid screen</source>
            <translation>速测复检</translation>
        </message>
        <message>
            <source>Created</source>
            <translation>新建</translation>
        </message>
        <message>
            <source>Changed</source>
            <translation>修改</translation>
        </message>
        <message>
            <source>Deleted</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Status change</source>
            <translation>状态变更</translation>
        </message>
        <message>
            <source>Logged in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>Failed log-in</source>
            <translation>登录失败</translation>
        </message>
        <message>
            <source>Account locked</source>
            <translation>账户锁定</translation>
        </message>
        <message>
            <source>Password changed</source>
            <translation>修改密码</translation>
        </message>
        <message>
            <source>User</source>
            <translation>用户</translation>
        </message>
        <message>
            <source>Lab policy</source>
            <translation>实验室策略</translation>
        </message>
        <message>
            <source>Sample</source>
            <translation>样品</translation>
        </message>
        <message>
            <source>Test</source>
            <translation>检测项目</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>检测结果</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>报告</translation>
        </message>
        <message>
            <source>Certificate</source>
            <translation>资质证书</translation>
        </message>
        <message>
            <source>Ability table</source>
            <translation>能力附表</translation>
        </message>
        <message>
            <source>Scope row</source>
            <translation>能力附表条目</translation>
        </message>
        <message>
            <source>Scope expansion</source>
            <translation>扩项申请</translation>
        </message>
        <message>
            <source>Authorization</source>
            <translation>授权</translation>
        </message>
        <message>
            <source>Instrument</source>
            <translation>仪器</translation>
        </message>
        <message>
            <source>Calibration record</source>
            <translation>检定/校准记录</translation>
        </message>
        <message>
            <source>Kit lot</source>
            <translation>试剂盒批次</translation>
        </message>
        <message>
            <source>Limit</source>
            <translation>限量值</translation>
        </message>
        <message>
            <source>Producer</source>
            <translation>受检单位</translation>
        </message>
        <message>
            <source>Sampling task</source>
            <translation>抽样任务</translation>
        </message>
        <message>
            <source>, </source>
            <translation>、</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>No</source>
            <translation>否</translation>
        </message>
    </context>
    <context>
        <name>launch</name>
        <message>
            <source>The database has no users yet: start without auto-login to create the first administrator</source>
            <translation>数据库尚无用户：请不使用自动登录启动程序，以创建首个系统管理员</translation>
        </message>
        <message>
            <source>Log-in as {user} failed: {reason}</source>
            <translation>以 {user} 登录失败：{reason}</translation>
        </message>
        <message>
            <source>Could not write the screenshot {path}</source>
            <translation>无法写入截图 {path}</translation>
        </message>
        <message>
            <source>The main window was not ready after {n} seconds</source>
            <translation>主窗口在 {n} 秒内未就绪</translation>
        </message>
        <message>
            <source>Cannot start</source>
            <translation>无法启动</translation>
        </message>
    </context>
</TS>
